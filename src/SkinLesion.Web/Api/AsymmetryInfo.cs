namespace SkinLesion.Web.Api;

/// <summary>
/// Asymmetry about the lesion's two principal axes: the share of its area left over when it is folded about the axis
/// (ΔA/A), 0 (mirror-symmetric) to 1.
/// </summary>
/// <param name="MajorAxis">Folded about the long axis.</param>
/// <param name="MinorAxis">Folded about the short axis.</param>
public sealed record AsymmetryInfo(double MajorAxis, double MinorAxis);
