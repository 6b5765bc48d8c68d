namespace SkinLesion.Inference.Model;

/// <summary>The model or its manifest cannot be used; thrown at startup so the service never runs half-loaded.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string path, string mismatch, Exception? innerException = null)
        : base($"Cannot load the skin-lesion model from '{path}': {mismatch}", innerException)
    {
        Path = path;
    }

    public string Path { get; }
}
