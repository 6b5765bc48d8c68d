namespace SkinLesion.Cli.Metrics;

/// <summary>One equal-width confidence bin: (Lower, Upper], how many predictions fell in it, their mean confidence and accuracy.</summary>
internal sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);
