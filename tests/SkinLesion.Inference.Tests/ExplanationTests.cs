using System.Globalization;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SkinLesion.Inference.Explanation;
using SkinLesion.Inference.Model;
using SkinLesion.Tests.Shared;

namespace SkinLesion.Inference.Tests;

/// <summary>The class-activation-map explanation: right class, right geometry, deterministic, only on request, and on real lesions.</summary>
[Collection(ShippedModelGroup.Name)]
public sealed class ExplanationTests(ClassifierFixture fixture, ITestOutputHelper output)
{
    private const int MaskImageCount = 100;

    private readonly SkinLesionClassifier _classifier = fixture.Classifier;

    [Fact]
    public async Task Classify_WithoutExplain_HasNoExplanation()
    {
        var result = await _classifier.ClassifyAsync(TestImages.LesionPng());

        Assert.Null(result.Explanation);
        Assert.Equal(0, result.ExplanationMs);
    }

    [Fact]
    public async Task Explain_UsesTheCamChannelOfTheReportedClass()
    {
        // Arrange: a 200x150 PNG is not resampled by the geometry rule, so its RGB bytes are exactly the model input.
        using var image = TestImages.Lesion(200, 150);
        var pixels = RgbBytes(image);

        // Act
        var result = await _classifier.ClassifyAsync(TestImages.Png(image), new ClassificationRequest(Explain: true));
        var cam = _classifier.Graph.Run(pixels, withCam: true).Cam!;

        // Assert
        var explanation = Assert.IsType<ClassExplanation>(result.Explanation);
        Assert.Equal(result.Prediction.Index, explanation.ClassIndex);
        Assert.Equal(result.Prediction.Code, explanation.ClassCode);
        Assert.Equal(_classifier.Manifest.Labels.Count, cam.Classes);
        var expected = NormalisedMap(cam, result.Prediction.Index);
        Assert.Equal(expected, explanation.Map);

        // The check above only identifies the class if the channels differ: at least one other class's map must.
        var others = Enumerable.Range(0, cam.Classes).Where(c => c != result.Prediction.Index).ToList();
        Assert.Contains(others, c => !NormalisedMap(cam, c).SequenceEqual(expected));
    }

    [Fact]
    public async Task Explain_TwoRuns_AreByteIdentical()
    {
        var bytes = TestImages.LesionJpeg();

        var first = (await _classifier.ClassifyAsync(bytes, new ClassificationRequest(Explain: true))).Explanation!;
        var second = (await _classifier.ClassifyAsync(bytes, new ClassificationRequest(Explain: true))).Explanation!;

        Assert.Equal(first.Png, second.Png);
        Assert.Equal(first.BoundingBox, second.BoundingBox);
    }

    [Fact]
    public async Task Explain_PngHasTheStatedSize_AndTheBoxLiesInTheMapArea()
    {
        var explanation = (await _classifier.ClassifyAsync(TestImages.LesionPng(400, 300), new ClassificationRequest(Explain: true))).Explanation!;

        using var png = Image.Load<Rgb24>(explanation.Png);
        Assert.Equal(explanation.Width, png.Width);
        Assert.Equal(explanation.Height, png.Height);
        Assert.Equal((_classifier.Manifest.Input.Width, _classifier.Manifest.Input.Height), (explanation.MapWidth, explanation.MapHeight));
        Assert.True(explanation.Height > explanation.MapHeight, "a legend strip sits under the map");
        var box = explanation.BoundingBox;
        Assert.InRange(box.X, 0, explanation.MapWidth - 1);
        Assert.InRange(box.Y, 0, explanation.MapHeight - 1);
        Assert.InRange(box.X + box.Width, box.X + 1, explanation.MapWidth);
        Assert.InRange(box.Y + box.Height, box.Y + 1, explanation.MapHeight);
        Assert.Equal("viridis", explanation.ColourMap);
        Assert.Equal(1f, explanation.Map.Max());
        Assert.InRange(explanation.Map.Min(), 0f, 1f);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 2)]
    [InlineData(6, 6)]
    [InlineData(1, 5)]
    public void Upsample_PutsEachCamCellOverItsPartOfTheInput(int row, int column)
    {
        // The graph stretches 200x150 to 224x224, so cell (row, column) of the 7x7 grid is centred at
        // ((column + 0.5) * 200 / 7, (row + 0.5) * 150 / 7) in input pixels.
        var cam = new float[49];
        cam[(row * 7) + column] = 1;

        var map = ClassActivationMap.Upsample(cam, 7, 7, 200, 150);

        // The cell's centre carries (almost) its full value; a cell-width away there is (almost) nothing.
        int cx = (int)Math.Round(((column + 0.5) * 200 / 7) - 0.5), cy = (int)Math.Round(((row + 0.5) * 150 / 7) - 0.5);
        Assert.InRange(map[(cy * 200) + cx], 0.95f, 1f);
        foreach (var (x, y) in new[] { (cx - 29, cy), (cx + 29, cy), (cx, cy - 22), (cx, cy + 22) })
        {
            if (x is >= 0 and < 200 && y is >= 0 and < 150)
            {
                Assert.InRange(map[(y * 200) + x], 0f, 0.05f);
            }
        }
    }

    [Fact]
    public void BoundingBox_EnclosesExactlyThePixelsAboveTheFraction()
    {
        var map = new float[20 * 10];
        map[(2 * 20) + 3] = 1f;
        map[(7 * 20) + 15] = 0.6f;
        map[(9 * 20) + 19] = 0.4f;

        var box = ClassActivationMap.BoundingBoxOf(map, 20, 10, 0.5f);

        Assert.Equal(new PixelBox(3, 2, 13, 6), box);
    }

    [Fact]
    public void Viridis_MatchesThePublishedEnds_AndGetsSteadilyLighter()
    {
        // matplotlib's viridis(0) = (0.267004, 0.004874, 0.329415), viridis(1) = (0.993248, 0.906157, 0.143936), viridis(0.5) = (0.127568, 0.566949, 0.550556).
        Assert.Equal(new Rgb24(68, 1, 84), Viridis.At(0));
        Assert.Equal(new Rgb24(253, 231, 37), Viridis.At(1));
        Assert.Equal(new Rgb24(33, 145, 140), Viridis.At(128 / 255f));

        // The point of a perceptually uniform map: lightness rises monotonically, so "more" always
        // looks lighter. Rounding to 8 bits can cost a hair between neighbours, never a visible step.
        double previous = -1;
        for (int i = 0; i < 256; i++)
        {
            double luma = Luminance(Viridis.At(i / 255f));
            Assert.True(luma > previous - 0.002, $"luminance falls at entry {i}");
            previous = Math.Max(previous, luma);
        }

        for (int i = 16; i < 256; i += 16)
        {
            Assert.True(Luminance(Viridis.At(i / 255f)) > Luminance(Viridis.At((i - 16) / 255f)), $"luminance does not rise from entry {i - 16} to {i}");
        }
    }

    /// <summary>
    /// On HAM10000 test-split images, the share of the map's mass inside the lesion mask must beat
    /// that of a centred Gaussian (lesions are usually centred, so the baseline is not a strawman).
    /// </summary>
    [SharedDataFact(Masks = true)]
    public async Task HamTestImages_MapMassFallsInsideTheLesionMoreThanACentredGaussian()
    {
        // Arrange
        var rows = HamArchive.SplitRows("test", MaskImageCount);
        var images = HamArchive.Read(rows.Select(r => r.ImageId));
        var masks = HamArchive.ReadMasks(rows.Select(r => r.ImageId));
        Assert.Equal(rows.Count, images.Count);
        Assert.Equal(rows.Count, masks.Count);
        int width = _classifier.Manifest.Input.Width, height = _classifier.Manifest.Input.Height;
        var baseline = CentredGaussian(width, height);

        // Act
        double mapSum = 0, baselineSum = 0;
        int mapWins = 0;
        var lines = new StringBuilder();
        foreach (var (imageId, dx) in rows)
        {
            var result = await _classifier.ClassifyAsync(images[imageId], new ClassificationRequest(Explain: true));
            var mask = LesionMask(masks[imageId], width, height);
            double mapInside = InsideFraction(result.Explanation!.Map, mask);
            double baselineInside = InsideFraction(baseline, mask);
            mapSum += mapInside;
            baselineSum += baselineInside;
            mapWins += mapInside > baselineInside ? 1 : 0;
            lines.AppendLine(CultureInfo.InvariantCulture, $"{imageId}\t{dx}\t{result.Prediction.Code}\t{mapInside:F4}\t{baselineInside:F4}");
        }

        // Assert
        double mapMean = mapSum / rows.Count, baselineMean = baselineSum / rows.Count;
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"HAM10000 test split, first {rows.Count} images (training/splits/ham10000.csv); map = normalised CAM of the reported class, baseline = centred Gaussian (sigma = width/4, height/4).\n" +
            $"mean fraction of map mass inside the lesion mask: map {mapMean:F4}, baseline {baselineMean:F4}; map beats baseline on {mapWins}/{rows.Count} images\n");
        File.WriteAllText(Path.Combine(RepoLayout.TestResultsDirectory, "heatmap-mask.txt"), summary + "image_id\tdx\tpredicted\tmap_inside\tbaseline_inside\n" + lines);
        output.WriteLine(summary);
        Assert.True(mapMean > baselineMean, summary);
    }

    private static byte[] RgbBytes(Image<Rgba32> image)
    {
        using var rgb = image.CloneAs<Rgb24>();
        var bytes = new byte[rgb.Width * rgb.Height * 3];
        rgb.CopyPixelDataTo(bytes);
        return bytes;
    }

    private float[] NormalisedMap(CamOutput cam, int classIndex)
    {
        var manifest = _classifier.Manifest;
        var map = ClassActivationMap.Upsample(cam.Channel(classIndex), cam.Width, cam.Height, manifest.Input.Width, manifest.Input.Height,
            ClassActivationMap.GridSpan(cam.Width, manifest.Input, manifest.CamStride), ClassActivationMap.GridSpan(cam.Height, manifest.Input, manifest.CamStride));
        ClassActivationMap.Normalise(map);
        return map;
    }

    private static float[] CentredGaussian(int width, int height)
    {
        var map = new float[width * height];
        double sx = width / 4.0, sy = height / 4.0, cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = (x - cx) / sx, dy = (y - cy) / sy;
                map[(y * width) + x] = (float)Math.Exp(-0.5 * ((dx * dx) + (dy * dy)));
            }
        }

        return map;
    }

    private static bool[] LesionMask(byte[] png, int width, int height)
    {
        // The shared masks are already at the model's 200x150 like the images, so no geometry is applied.
        using var mask = Image.Load<L8>(png);
        Assert.Equal((width, height), (mask.Width, mask.Height));
        var inside = new bool[width * height];
        mask.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (int x = 0; x < width; x++)
                {
                    inside[(y * width) + x] = row[x].PackedValue >= 128;
                }
            }
        });
        return inside;
    }

    private static double InsideFraction(float[] map, bool[] mask)
    {
        double inside = 0, total = 0;
        for (int i = 0; i < map.Length; i++)
        {
            total += map[i];
            inside += mask[i] ? map[i] : 0;
        }

        return total > 0 ? inside / total : 0;
    }

    private static double Luminance(Rgb24 c) => (0.2126 * Linear(c.R)) + (0.7152 * Linear(c.G)) + (0.0722 * Linear(c.B));

    private static double Linear(byte channel)
    {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
