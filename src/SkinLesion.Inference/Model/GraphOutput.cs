namespace SkinLesion.Inference.Model;

/// <summary>What one pass of the graph returns for one image; embedding, early statistics and cam only when the manifest names them (cam only when asked).</summary>
internal sealed record GraphOutput(float[] Probabilities, float[]? Embedding, float[]? EarlyStatistics, CamOutput? Cam);
