namespace SkinLesion.Inference.Site;

/// <summary>A site profile that cannot be used: unreadable, of another schema, or made for another model. Thrown at startup.</summary>
public sealed class SiteProfileException : Exception
{
    public SiteProfileException(string path, string problem, Exception? innerException = null)
        : base($"Cannot use the site profile '{path}': {problem}", innerException)
    {
        Path = path;
    }

    public string Path { get; }
}
