using System.Threading.Channels;

namespace SkinLesion.Cli.Data;

/// <summary>
/// Reference lesion masks from a folder or a .tar.gz, read like the images (<see cref="ImageSource"/>): a mask's image id
/// is its file name without extension, with HAM10000's "_segmentation" suffix removed
/// (masks/ISIC_0024306_segmentation.png is ISIC_0024306's).
/// </summary>
internal static class MaskReader
{
    public const string Suffix = "_segmentation";

    /// <summary>The bytes of each wanted image's mask that was found, by image id.</summary>
    public static async Task<Dictionary<string, byte[]>> ReadAsync(string path, IEnumerable<string> imageIds, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new InputFileException($"Masks '{path}' does not exist; pass a folder or a .tar.gz of the reference masks.");
        }

        var source = ImageSource.Open(path, "Masks");
        var wanted = imageIds.SelectMany(id => new[] { id, id + Suffix }).ToHashSet(StringComparer.Ordinal);
        var channel = Channel.CreateUnbounded<ImageFile>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        var reading = Task.Run(() => source.ReadAsync(wanted, labelled: wanted, channel.Writer, cancellationToken), cancellationToken);
        var masks = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var file in channel.Reader.ReadAllAsync(cancellationToken))
        {
            if (file.Unreadable is { } why)
            {
                throw new InputFileException($"Masks '{path}': the mask {file.ImageId} cannot be read ({why}).");
            }

            string id = file.ImageId.EndsWith(Suffix, StringComparison.Ordinal) ? file.ImageId[..^Suffix.Length] : file.ImageId;
            masks.TryAdd(id, file.Bytes);
        }

        await reading;
        return masks;
    }
}
