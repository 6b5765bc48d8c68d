namespace SkinLesion.Web.Api;

/// <summary>Server-side milliseconds; totalMs covers queue + decode + preprocess + inference + screening (the texture and distance checks).</summary>
public sealed record TimingsInfo(double QueueMs, double DecodeMs, double PreprocessMs, double InferenceMs, double ScreeningMs, double TotalMs);
