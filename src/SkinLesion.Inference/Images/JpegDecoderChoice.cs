namespace SkinLesion.Inference.Images;

/// <summary>Which JPEG decoder turns file bytes into pixels.</summary>
public enum JpegDecoderChoice
{
    /// <summary>libjpeg-turbo when the system has it, otherwise ImageSharp (with a startup warning).</summary>
    Auto,

    /// <summary>libjpeg-turbo, bit-exact with the Python reference; startup fails if it is missing.</summary>
    LibJpegTurbo,

    /// <summary>ImageSharp's managed decoder; no native dependency, small pixel differences from the reference.</summary>
    ImageSharp,
}
