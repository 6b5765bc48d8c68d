using System.Text.Json.Serialization;
using SkinLesion.Inference;

namespace SkinLesion.Web.Api;

/// <summary>
/// The operating point the verdict was made at: "shipped" (the model's own threshold and uncertainty band, chosen on its
/// validation data; name and version are the model's) or "site" (a site profile the hospital made on its own labelled
/// images with the calibrate command; name and version are the profile's).
/// </summary>
/// <param name="Kind">"shipped" or "site".</param>
/// <param name="Name">The model's name (shipped) or the site's (site).</param>
/// <param name="Version">The model's version (shipped) or the site profile's (site).</param>
/// <param name="Threshold">Malignant when the summed malignant probability is at least this; the verdict's threshold.</param>
public sealed record OperatingPointInfo(string Kind, string Name, string Version, double Threshold)
{
    /// <summary>The screening head's threshold the site profile set for the site's equipment (screening.headThreshold applies it); absent when the artifact's own applies.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ScreeningThreshold { get; init; }

    public static OperatingPointInfo From(OperatingPoint operatingPoint)
    {
        ArgumentNullException.ThrowIfNull(operatingPoint);
        return new OperatingPointInfo(operatingPoint.Kind, operatingPoint.Name, operatingPoint.Version, operatingPoint.Threshold)
        {
            ScreeningThreshold = operatingPoint.HeadThreshold,
        };
    }
}
