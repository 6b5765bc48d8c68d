namespace SkinLesion.Cli.Data;

/// <summary>A split file read for one split: the images in it, and every image the file names in any split.</summary>
internal sealed record SplitMembership(IReadOnlySet<string> Selected, IReadOnlySet<string> Listed);
