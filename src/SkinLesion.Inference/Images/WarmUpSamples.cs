namespace SkinLesion.Inference.Images;

/// <summary>
/// The images <see cref="ImagePreprocessor.WarmUp"/> decodes at startup: a PNG and a JPEG of 800x600 (four times the
/// shipped model's size, so libjpeg-turbo's reduced decoding is exercised too), embedded from Images/Samples.
/// </summary>
/// <remarks>
/// Shipped encoded rather than encoded at startup: the service never encodes a JPEG, and compiling ImageSharp's two
/// encoders cost a start about 70 ms of CPU on two cores (docs/decisions/0046-a-lighter-start.md).
/// </remarks>
internal static class WarmUpSamples
{
    private const string ResourcePrefix = "SkinLesion.Inference.Images.Samples.";

    private static readonly string[] Names = ["warm-up-800x600.png", "warm-up-800x600.jpg"];

    internal static IEnumerable<byte[]> Read()
    {
        foreach (string name in Names)
        {
            using var stream = typeof(WarmUpSamples).Assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"The warm-up image {name} is not embedded in {typeof(WarmUpSamples).Assembly.GetName().Name}; the build embeds Images/Samples/*.");
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            yield return bytes;
        }
    }
}
