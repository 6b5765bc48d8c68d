namespace SkinLesion.Inference.Evaluation;

/// <summary>report.json "run.machine": where the throughput was measured.</summary>
/// <param name="LoadAverage">The 1-minute load average when the run started (Linux), so a throughput measured on a busy machine is recognisable as such.</param>
public sealed record MachineInfo(int ProcessorCount, string OperatingSystem, string Architecture, string Runtime, double? LoadAverage);
