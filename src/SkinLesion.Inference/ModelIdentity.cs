namespace SkinLesion.Inference;

/// <summary>Which model produced a result; the sha256 ties it to one exact .onnx file.</summary>
public sealed record ModelIdentity(string Name, string Version, string Sha256);
