namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "model": the model that was evaluated and the rules it was scored by.</summary>
public sealed record ModelInfo(
    string Name,
    string Version,
    string Sha256,
    string JpegDecoder,
    string DecisionRule,
    double MalignantThreshold,
    IReadOnlyList<string> MalignantClasses);
