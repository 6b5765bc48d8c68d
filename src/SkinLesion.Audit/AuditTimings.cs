namespace SkinLesion.Audit;

/// <summary>Server-side milliseconds of the assessment, as answered.</summary>
public sealed record AuditTimings(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double ScreeningMs, double TotalMs);
