namespace SkinLesion.Inference.Model;

/// <summary>The manifest's calibration section; only <see cref="Method"/> is required.</summary>
public sealed record ManifestCalibration(
    string Method, double? Temperature = null, string? FittedOn = null,
    int? Bins = null, double? EceBefore = null, double? EceAfter = null);
