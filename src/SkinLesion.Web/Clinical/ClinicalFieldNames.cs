using System.Collections.Frozen;

namespace SkinLesion.Web.Clinical;

/// <summary>
/// The clinical fields' names, the same as query parameters, multipart form fields and the page's inputs. The names are
/// the service's; the values each accepts are the model manifest's (<see cref="ClinicalFields"/>).
/// </summary>
public static class ClinicalFieldNames
{
    public const string Age = "age";
    public const string Sex = "sex";
    public const string Site = "site";

    /// <summary>Every field, in the order responses list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Age, Sex, Site];

    /// <summary>The names as a set, without regard to case, as ASP.NET Core matches query and form keys.</summary>
    public static FrozenSet<string> Set { get; } = All.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
