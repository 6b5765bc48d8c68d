namespace SkinLesion.Inference;

/// <summary>One class of the model's output, in manifest order.</summary>
public sealed record ClassProbability(int Index, string Code, string Name, bool Malignant, float Probability);
