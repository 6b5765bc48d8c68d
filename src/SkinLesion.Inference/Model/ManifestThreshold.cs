namespace SkinLesion.Inference.Model;

/// <summary>The malignant threshold; only <see cref="Value"/> is required.</summary>
public sealed record ManifestThreshold(
    double Value, double? TargetSensitivity = null, double? ValidationSensitivity = null, double? ValidationSpecificity = null);
