namespace SkinLesion.Audit;

/// <summary>The model that answered; the sha256 ties the record to one exact .onnx file.</summary>
public sealed record AuditModel(string Name, string Version, string Sha256);
