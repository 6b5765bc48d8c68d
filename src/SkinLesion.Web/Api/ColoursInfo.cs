namespace SkinLesion.Web.Api;

/// <summary>The six dermoscopy colours in the lesion: each pixel counts for its nearest reference colour.</summary>
/// <param name="Count">How many colours cover at least 5% of the lesion.</param>
/// <param name="Present">Their codes, in the rule's order: white, red, light-brown, dark-brown, blue-grey, black.</param>
/// <param name="Shares">Every colour's share of the lesion's pixels, 0 to 1 (they add up to 1).</param>
public sealed record ColoursInfo(int Count, IReadOnlyList<string> Present, IReadOnlyDictionary<string, double> Shares);
