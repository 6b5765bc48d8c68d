namespace SkinLesion.Cli.Data;

/// <summary>One image file's bytes, named by its image id (the file name without extension).</summary>
internal sealed record ImageFile(string ImageId, byte[] Bytes);
