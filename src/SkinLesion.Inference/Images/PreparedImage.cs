namespace SkinLesion.Inference.Images;

/// <summary>Model-ready pixels (NHWC uint8 RGB) plus how long each stage took.</summary>
internal sealed record PreparedImage(ImageHeader Header, byte[] Pixels, TimeSpan Decode, TimeSpan Preprocess);
