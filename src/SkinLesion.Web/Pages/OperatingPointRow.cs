namespace SkinLesion.Web.Pages;

/// <summary>
/// One figure of the model page's operating-point table: the shipped operating point on the HAM10000 test split, the
/// site's on its own images, and the shipped threshold on the site's images (a dash where a column has no such figure).
/// </summary>
public sealed record OperatingPointRow(string Label, string Shipped, string Site, string ShippedOnSite);
