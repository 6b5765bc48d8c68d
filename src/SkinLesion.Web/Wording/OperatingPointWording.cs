using SkinLesion.Inference;

namespace SkinLesion.Web.Wording;

/// <summary>How the pages name the operating point a verdict was made at.</summary>
public static class OperatingPointWording
{
    /// <summary>"Shipped (skin-lesion-mobilenetv2 2.2.0)" or "Site: St Example dermatology, profile 2026-12-01".</summary>
    public static string Describe(OperatingPoint operatingPoint)
    {
        ArgumentNullException.ThrowIfNull(operatingPoint);
        return operatingPoint.IsSite
            ? $"Site: {operatingPoint.Name}, profile {operatingPoint.Version}"
            : $"Shipped ({operatingPoint.Name} {operatingPoint.Version})";
    }
}
