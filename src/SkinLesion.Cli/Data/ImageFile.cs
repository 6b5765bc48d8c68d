namespace SkinLesion.Cli.Data;

/// <summary>One image file's bytes, named by its image id (the file name without extension).</summary>
internal sealed record ImageFile(string ImageId, byte[] Bytes)
{
    /// <summary>Why the file could not be read (permissions, an I/O error); null when <see cref="Bytes"/> holds it.</summary>
    public string? Unreadable { get; init; }
}
