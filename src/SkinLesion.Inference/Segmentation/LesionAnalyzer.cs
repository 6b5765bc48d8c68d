using SkinLesion.Inference.Images;

namespace SkinLesion.Inference.Segmentation;

/// <summary>
/// From the segmentation graph's probability map to a <see cref="Lesion"/>: threshold, the largest region (holes
/// filled), its outline, the measures, and the outline mapped back into the upload's own coordinates. The map, the
/// region and the measures live on the model-input grid; only the outline, the area and the diameter are mapped.
/// </summary>
internal static class LesionAnalyzer
{
    /// <summary>A region smaller than this share of the model-input image is a speck, not a lesion.</summary>
    public const double MinimumAreaShare = 0.001;

    /// <summary>A mask covering more than this share of the examined frame's border is not taken for a lesion.</summary>
    public const double MaximumBorderContact = 0.5;

    /// <summary>Douglas–Peucker tolerance of the returned outline, in model-input pixels.</summary>
    public const double OutlineTolerance = 0.5;

    public static Lesion Analyze(float[] probabilities, ReadOnlySpan<byte> pixels, int width, int height, double threshold, GeometryMapping mapping, string version)
    {
        var mask = LesionRegion.Threshold(probabilities, (float)threshold);
        double borderContact = LesionRegion.BorderContact(mask, width, height);
        var region = LesionRegion.Largest(mask, width, height);
        var lesion = new Lesion
        {
            ImageWidth = mapping.UploadWidth,
            ImageHeight = mapping.UploadHeight,
            BorderContact = borderContact,
            ModelVersion = version,
            Threshold = threshold,
        };

        // Checked in this order so the reason given is the first that applies: nothing at all, then the border.
        if (region is null)
        {
            return lesion with { NotFoundReason = LesionReasons.EmptyMask };
        }

        if (borderContact > MaximumBorderContact)
        {
            return lesion with { NotFoundReason = LesionReasons.TouchesBorder };
        }

        if (region.Area < MinimumAreaShare * width * height)
        {
            return lesion with { NotFoundReason = LesionReasons.EmptyMask };
        }

        // The outline runs through the midpoints of the boundary's pixel edges: a diagonal staircase becomes a straight
        // line instead of steps, and the enclosed area stays within half a pixel of the region's.
        var boundary = region.Boundary;
        var midpoints = new List<OutlinePoint>(boundary.Count);
        for (int i = 0; i < boundary.Count; i++)
        {
            var (x, y) = boundary[i];
            var (nextX, nextY) = boundary[(i + 1) % boundary.Count];
            midpoints.Add(new OutlinePoint((x + nextX) / 2.0, (y + nextY) / 2.0));
        }

        var outline = PolygonSimplifier.Simplify(midpoints, OutlineTolerance);
        var (majorAxis, minorAxis) = ShapeMeasures.Asymmetry(region);
        var boundaryInUpload = boundary.Select(point => ToUpload(mapping, point.X, point.Y)).ToList();
        var measures = new LesionMeasures(
            majorAxis,
            minorAxis,
            ShapeMeasures.Compactness(outline, region.Area),
            DermoscopyPalette.Shares(region, pixels),
            Polygon.GreatestDiameter(boundaryInUpload));

        return lesion with
        {
            Outline = [.. outline.Select(point => Rounded(ToUpload(mapping, point.X, point.Y)))],
            AreaFraction = Polygon.Area(boundaryInUpload) / ((double)mapping.UploadWidth * mapping.UploadHeight),
            Measures = measures,
        };
    }

    private static OutlinePoint ToUpload(GeometryMapping mapping, double x, double y)
    {
        var (uploadX, uploadY) = mapping.ToUpload(x, y);
        return new OutlinePoint(uploadX, uploadY);
    }

    // A tenth of a pixel is finer than any outline the model can draw, and keeps the response small.
    private static OutlinePoint Rounded(OutlinePoint point) => new(Math.Round(point.X, 1), Math.Round(point.Y, 1));
}
