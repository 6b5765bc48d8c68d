namespace SkinLesion.Inference.Evaluation;

/// <summary>One class's figures: how many images have it, how often it was named, and its rates.</summary>
public sealed record ClassFigures(int Support, int Predicted, Estimate Recall, Estimate Precision, Estimate F1, Estimate Auc);
