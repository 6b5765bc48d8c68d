namespace SkinLesion.Inference.Segmentation;

/// <summary>One dermoscopy colour in a lesion: its share of the lesion's pixels and whether that share counts it as present.</summary>
/// <param name="Code">white, red, light-brown, dark-brown, blue-grey or black.</param>
/// <param name="Name">The colour's name for people.</param>
/// <param name="Share">The share of the lesion's pixels nearest to this colour, 0 to 1.</param>
/// <param name="Present">Whether the share reaches the presence threshold (5%).</param>
public sealed record ColourShare(string Code, string Name, double Share, bool Present);
