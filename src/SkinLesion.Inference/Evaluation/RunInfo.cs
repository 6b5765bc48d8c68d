namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "run": how the images went through the pipeline and how long it took.</summary>
/// <param name="Seconds">Wall clock from the first archive read to the last result: reading, decoding, geometry and inference.</param>
public sealed record RunInfo(MachineInfo Machine, int Parallelism, int IntraOpThreads, double ModelLoadSeconds, double Seconds, double ImagesPerSecond);
