using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace SkinLesion.Inference.Images;

/// <summary>The EXIF orientation as the geometry rule reads it (from the header) and as its AutoOrient applies it (the decoded image's profile).</summary>
internal static class ExifOrientation
{
    /// <summary>An EXIF profile holding only the orientation the geometry rule applies (AutoOrient); null for 1.</summary>
    internal static ExifProfile? Only(ushort orientation)
    {
        if (orientation == 1)
        {
            return null;
        }

        var profile = new ExifProfile();
        profile.SetValue(ExifTag.Orientation, orientation);
        return profile;
    }

    /// <summary>
    /// ImageSharp parses an EXIF profile lazily, on the first read, so a malformed one (IFD offsets or value
    /// counts outside the block) throws from here rather than from the decoder. The pixels are still good and
    /// EXIF is ancillary, so, like Pillow in the Python reference, an unreadable profile counts as absent:
    /// orientation 1, and the profile is removed so that nothing downstream parses it again.
    /// </summary>
    internal static ushort Read(ImageMetadata metadata)
    {
        try
        {
            return metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        }
        catch (Exception ex) when (ImagePreprocessor.IsDecoderFailure(ex))
        {
            metadata.ExifProfile = null;
            return 1;
        }
    }
}
