using System.Globalization;
using System.Text;

namespace SkinLesion.Cli.Evaluation;

/// <summary>predictions.csv: what the served pipeline said of each scored image, one row each.</summary>
internal static class PredictionsCsv
{
    /// <summary>
    /// One row per scored image, probabilities in manifest order with round-trip precision, then (appended in schema 1.1,
    /// so the earlier columns keep their positions) the assessment: status, reasons (';'-separated), the embedding's
    /// distance score and threshold (empty without the out-of-distribution artifact), texture and its minimum, then
    /// the early-stage distance score and threshold (empty when the artifact has no early check), then the screening
    /// head's score and threshold (empty when the artifact has no head), then the mean chroma and its minimum (ADR 0049).
    /// On a negative set, label is the image's group.
    /// </summary>
    public static string Write(IReadOnlyList<ScoredImage> scored, IReadOnlyList<string> codes, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(codes);
        var text = new StringBuilder();
        text.Append("image_id,label,predicted,malignant_probability,verdict");
        foreach (var code in codes)
        {
            text.Append(",p_").Append(code);
        }

        text.Append(",status,reasons,distance_score,distance_threshold,texture,texture_minimum,early_score,early_threshold,head_score,head_threshold,chroma,chroma_minimum\n");
        foreach (var image in scored)
        {
            string label = AssessmentCalculator.LabelName(image.Label);
            text.Append(image.Label.ImageId).Append(',').Append(label).Append(',').Append(codes[image.Predicted]).Append(',')
                .Append(RoundTrip(image.MalignantProbability)).Append(',')
                .Append(image.MalignantProbability >= threshold ? "malignant" : "benign");
            foreach (var p in image.Probabilities)
            {
                text.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
            }

            var assessment = image.Assessment;
            var screening = assessment.Screening;
            text.Append(',').Append(assessment.StatusName)
                .Append(',').Append(string.Join(';', assessment.Reasons))
                .Append(',').Append(RoundTrip(screening.DistanceScore))
                .Append(',').Append(RoundTrip(screening.DistanceThreshold))
                .Append(',').Append(RoundTrip(screening.Texture))
                .Append(',').Append(RoundTrip(screening.TextureMinimum))
                .Append(',').Append(RoundTrip(screening.EarlyScore))
                .Append(',').Append(RoundTrip(screening.EarlyThreshold))
                .Append(',').Append(RoundTrip(screening.HeadScore))
                .Append(',').Append(RoundTrip(screening.HeadThreshold))
                .Append(',').Append(RoundTrip(screening.Chroma))
                .Append(',').Append(RoundTrip(screening.ChromaMinimum))
                .Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The value with round-trip precision, so a re-run can be compared exactly; empty when there is none.</summary>
    private static string RoundTrip(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
