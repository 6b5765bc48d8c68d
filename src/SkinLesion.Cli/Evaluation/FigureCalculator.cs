using SkinLesion.Cli.Data;
using SkinLesion.Cli.Metrics;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;
using M = SkinLesion.Cli.Metrics.ClassificationMetrics;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// Computes what training/skinlesion/evaluation.py reports for the same kind of set, under the same
/// keys: seven_class_report for sets labelled with the seven classes, isic2017_report and
/// isic2016_report for the challenge sets, plus per-class F1 and intervals for every rate.
/// </summary>
internal sealed class FigureCalculator
{
    private readonly IReadOnlyList<ScoredImage> _images;
    private readonly ModelManifest _manifest;
    private readonly Bootstrap _bootstrap;
    private readonly string[] _codes;
    private readonly float[][] _probabilities;
    private readonly int[] _predicted;
    private readonly double[] _malignantProbability;
    private readonly double _threshold;

    /// <param name="threshold">The operating point's malignant threshold (the manifest's, or a site profile's).</param>
    public FigureCalculator(IReadOnlyList<ScoredImage> images, ModelManifest manifest, double threshold, Bootstrap bootstrap)
    {
        _images = images;
        _manifest = manifest;
        _bootstrap = bootstrap;
        _codes = [.. manifest.Labels.Select(l => l.Code)];
        _probabilities = [.. images.Select(i => i.Probabilities)];
        _predicted = [.. images.Select(i => i.Predicted)];
        _malignantProbability = [.. images.Select(i => i.MalignantProbability)];
        _threshold = threshold;
    }

    private int Count => _images.Count;

    private string MalignantCodes => string.Join("+", _manifest.Labels.Where(l => l.Malignant).Select(l => $"p({l.Code})"));

    public ComputedFigures Compute(LabelFormat format) => format switch
    {
        LabelFormat.Isic2017Part3 => Isic2017(),
        LabelFormat.Isic2016Part3 => Isic2016(),
        _ => SevenClass(),
    };

    private ComputedFigures SevenClass()
    {
        int k = _codes.Length;
        int[] y = [.. _images.Select(i => IndexOf(i.Label.Dx!))];
        bool[] malignant = [.. y.Select(c => _manifest.Labels[c].Malignant)];
        int mel = IndexOf("mel");

        var rates = new Dictionary<string, Estimate>
        {
            ["accuracy"] = Rate(ix => M.Accuracy(Bootstrap.Pick(y, ix), Bootstrap.Pick(_predicted, ix))),
            ["balancedAccuracy"] = Rate(ix => M.BalancedAccuracy(Bootstrap.Pick(y, ix), Bootstrap.Pick(_predicted, ix), k)),
            ["macroAuc"] = Rate(ix => M.MacroAuc(Bootstrap.Pick(y, ix), Bootstrap.Pick(_probabilities, ix), k)),
            ["malignantAuc"] = Rate(ix => M.Auc(Bootstrap.Pick(malignant, ix), Bootstrap.Pick(_malignantProbability, ix))),
            ["malignantSensitivity"] = Rate(ix => M.SensitivitySpecificity(Bootstrap.Pick(malignant, ix), Bootstrap.Pick(_malignantProbability, ix), _threshold).Sensitivity),
            ["malignantSpecificity"] = Rate(ix => M.SensitivitySpecificity(Bootstrap.Pick(malignant, ix), Bootstrap.Pick(_malignantProbability, ix), _threshold).Specificity),
            ["ece15"] = Rate(ix => CalibrationMetrics.ExpectedCalibrationError(Bootstrap.Pick(y, ix), Bootstrap.Pick(_probabilities, ix), 15)),
            ["melanomaAuc"] = Rate(ix => OneVsRestAuc(y, mel, mel, ix)),
        };

        var perClass = PerClass(y, _predicted, _codes, c => IndexOf(_codes[c]));
        var matrix = M.ConfusionMatrix(y, _predicted, k);
        var present = _codes.Where((_, c) => y.Contains(c)).ToList();
        var absent = _codes.Except(present).ToList();
        int[] argmax = [.. _probabilities.Select(p => M.ArgMax(p))];
        var figures = new Figures(
            new ConfusionMatrixFigure(_codes, Rows(matrix, k), "rows: true class; columns: class named by the shipped decision rule"),
            perClass,
            PredictedClassCounts(),
            ReliabilityRows(y),
            new Dictionary<string, double?>
            {
                ["argmaxAccuracy"] = RateEstimate.Round(M.Accuracy(y, argmax)),
                ["argmaxBalancedAccuracy"] = RateEstimate.Round(M.BalancedAccuracy(y, argmax, k)),
                ["nll"] = RateEstimate.Round(M.NegativeLogLikelihood(y, _probabilities)),
            });

        var headline = new List<HeadlineFigure>
        {
            Headline("balancedAccuracy", "Balanced accuracy", rates, "mean per-class recall of the class named by the shipped decision rule, over the classes present"),
            Headline("melanomaAuc", "Melanoma AUC", rates, "one-vs-rest ROC AUC of p(mel): melanoma against every other class"),
            Headline("malignantSensitivity", "Malignant sensitivity", rates, $"share of malignant lesions (mel, bcc, akiec) with {MalignantCodes} ≥ {Format(_threshold)}"),
            Headline("malignantSpecificity", "Malignant specificity", rates, $"share of benign lesions (bkl, df, nv, vasc) with {MalignantCodes} < {Format(_threshold)}"),
            Headline("accuracy", "Accuracy", rates, "share of images whose named class is the true class"),
            Headline("macroAuc", "Macro AUC", rates, "mean one-vs-rest ROC AUC over the classes with positives and negatives"),
            Headline("malignantAuc", "Malignant AUC", rates, $"ROC AUC of {MalignantCodes} for malignant against benign"),
            Headline("ece15", "ECE (15 bins)", rates, "top-label expected calibration error, 15 equal-width confidence bins, plain argmax"),
        };

        var notes = new List<string>();
        if (absent.Count > 0)
        {
            notes.Add($"The set has no {string.Join(", ", absent)}; the model can predict them, and their recall and AUC are undefined here (null). Balanced accuracy averages over the {present.Count} classes present.");
        }

        return new ComputedFigures("seven-class", headline, rates, figures, present, absent, notes);
    }

    private ComputedFigures Isic2017()
    {
        string[] three = ["mel", "bkl", "nv"];
        int[] columns = [.. three.Select(IndexOf)];
        var rule = new RestrictedDecisionRule(_manifest.DecisionRule, _codes.Length, columns);
        int[] y3 = [.. _images.Select(i => Array.IndexOf(three, i.Label.Dx))];
        int[] predicted3 = [.. _probabilities.Select(rule.Decide)];
        bool[] melanoma = [.. _images.Select(i => i.Label.Melanoma)];
        bool[] keratosis = [.. _images.Select(i => i.Label.SeborrheicKeratosis ?? false)];
        int mel = IndexOf("mel"), bkl = IndexOf("bkl");

        var rates = new Dictionary<string, Estimate>
        {
            ["melanomaAuc"] = Rate(ix => M.Auc(Bootstrap.Pick(melanoma, ix), Column(mel, ix))),
            ["seborrheicKeratosisAuc"] = Rate(ix => M.Auc(Bootstrap.Pick(keratosis, ix), Column(bkl, ix))),
            ["threeClassBalancedAccuracy"] = Rate(ix => M.BalancedAccuracy(Bootstrap.Pick(y3, ix), Bootstrap.Pick(predicted3, ix), 3)),
            ["threeClassAccuracy"] = Rate(ix => M.Accuracy(Bootstrap.Pick(y3, ix), Bootstrap.Pick(predicted3, ix))),
            ["melanomaAucOfMalignantProbability"] = Rate(ix => M.Auc(Bootstrap.Pick(melanoma, ix), Bootstrap.Pick(_malignantProbability, ix))),
            ["melanomaSensitivityAtThreshold"] = Rate(ix => M.SensitivitySpecificity(Bootstrap.Pick(melanoma, ix), Bootstrap.Pick(_malignantProbability, ix), _threshold).Sensitivity),
            ["nonMelanomaSpecificityAtThreshold"] = Rate(ix => M.SensitivitySpecificity(Bootstrap.Pick(melanoma, ix), Bootstrap.Pick(_malignantProbability, ix), _threshold).Specificity),
        };

        var matrix = M.ConfusionMatrix(y3, predicted3, 3);
        var figures = new Figures(
            new ConfusionMatrixFigure(three, Rows(matrix, 3), "rows: true class; columns: the shipped decision rule restricted to mel/bkl/nv"),
            PerClass(y3, predicted3, three, c => columns[c]),
            PredictedClassCounts(),
            null,
            new Dictionary<string, double?> { ["threeClassAccuracy"] = RateEstimate.Round(M.Accuracy(y3, predicted3)) });

        var headline = new List<HeadlineFigure>
        {
            Headline("balancedAccuracy", "Balanced accuracy", rates, "three-class (mel/bkl/nv) balanced accuracy of the shipped rule restricted to those classes", "threeClassBalancedAccuracy"),
            Headline("melanomaAuc", "Melanoma AUC", rates, "ROC AUC of p(mel) for melanoma against seborrhoeic keratosis and nevus"),
            Headline("malignantSensitivity", "Malignant sensitivity", rates, $"share of melanomas (the set's only malignant class) with {MalignantCodes} ≥ {Format(_threshold)}", "melanomaSensitivityAtThreshold"),
            Headline("malignantSpecificity", "Malignant specificity", rates, $"share of keratoses and nevi with {MalignantCodes} < {Format(_threshold)}", "nonMelanomaSpecificityAtThreshold"),
            Headline("seborrheicKeratosisAuc", "Seb. keratosis AUC", rates, "ROC AUC of p(bkl) for seborrhoeic keratosis against melanoma and nevus"),
            Headline("malignantAuc", "Malignant AUC", rates, $"ROC AUC of {MalignantCodes} for melanoma against the rest", "melanomaAucOfMalignantProbability"),
            Headline("accuracy", "Accuracy", rates, "three-class (mel/bkl/nv) accuracy of the shipped rule restricted to those classes", "threeClassAccuracy"),
        };

        var outsideFormat = _codes.Except(three).ToList();
        int namedOutside = _predicted.Count(p => outsideFormat.Contains(_codes[p]));
        var notes = new List<string>
        {
            $"The set has only melanoma, seborrhoeic keratosis (counted as bkl) and nevus. The model can also predict {string.Join(", ", outsideFormat)}, which the set lacks: the full seven-class rule named one of them for {namedOutside} of {Count} images (see predictedClassCounts). Seven-class accuracy is therefore not reported.",
        };
        List<string> present = [.. three.Where((_, c) => y3.Contains(c))];
        if (present.Count < three.Length)
        {
            notes.Add($"This set has no {string.Join(" or ", three.Except(present))} case, so the \"three-class\" balanced accuracy is the mean recall of the {present.Count} classes present ({string.Join(", ", present)}).");
        }

        return new ComputedFigures("isic2017-three-class", headline, rates, figures, present, [.. _codes.Except(present)], notes);
    }

    private ComputedFigures Isic2016()
    {
        bool[] melanoma = [.. _images.Select(i => i.Label.Melanoma)];
        int mel = IndexOf("mel");
        var rates = new Dictionary<string, Estimate>
        {
            ["melanomaAuc"] = Rate(ix => M.Auc(Bootstrap.Pick(melanoma, ix), Column(mel, ix))),
            ["melanomaAucOfMalignantProbability"] = Rate(ix => M.Auc(Bootstrap.Pick(melanoma, ix), Bootstrap.Pick(_malignantProbability, ix))),
            ["melanomaSensitivityAtThreshold"] = Rate(ix => M.SensitivitySpecificity(Bootstrap.Pick(melanoma, ix), Bootstrap.Pick(_malignantProbability, ix), _threshold).Sensitivity),
            ["benignSpecificityAtThreshold"] = Rate(ix => M.SensitivitySpecificity(Bootstrap.Pick(melanoma, ix), Bootstrap.Pick(_malignantProbability, ix), _threshold).Specificity),
        };

        int[] truth = [.. melanoma.Select(m => m ? 1 : 0)];
        int[] verdict = [.. _malignantProbability.Select(p => p >= _threshold ? 1 : 0)];
        var matrix = M.ConfusionMatrix(truth, verdict, 2);
        var figures = new Figures(
            new ConfusionMatrixFigure(["benign", "malignant"], Rows(matrix, 2), $"rows: the set's label (malignant = melanoma); columns: the verdict, {MalignantCodes} ≥ {Format(_threshold)}"),
            null,
            PredictedClassCounts(),
            null,
            new Dictionary<string, double?>());

        var headline = new List<HeadlineFigure>
        {
            Headline("melanomaAuc", "Melanoma AUC", rates, "ROC AUC of p(mel) for melanoma against benign lesions"),
            Headline("malignantSensitivity", "Malignant sensitivity", rates, $"share of melanomas (the set's only malignant class) with {MalignantCodes} ≥ {Format(_threshold)}", "melanomaSensitivityAtThreshold"),
            Headline("malignantSpecificity", "Malignant specificity", rates, $"share of benign lesions with {MalignantCodes} < {Format(_threshold)}", "benignSpecificityAtThreshold"),
            Headline("malignantAuc", "Malignant AUC", rates, $"ROC AUC of {MalignantCodes} for melanoma against benign", "melanomaAucOfMalignantProbability"),
        };

        var notes = new List<string>
        {
            "The set says only benign or malignant, and malignant means melanoma; benign lesions are not broken down by class, so balanced accuracy and per-class figures are not defined. The model's malignant probability also counts bcc and akiec, which the set does not label.",
        };
        return new ComputedFigures("isic2016-melanoma", headline, rates, figures, melanoma.Any(m => m) ? ["mel"] : [], ["akiec", "bcc"], notes);
    }

    private Dictionary<string, ClassFigures> PerClass(int[] y, int[] predicted, string[] classes, Func<int, int> probabilityColumn)
    {
        int k = classes.Length;
        var result = new Dictionary<string, ClassFigures>();
        for (int c = 0; c < k; c++)
        {
            int cls = c;
            int column = probabilityColumn(c);
            result[classes[c]] = new ClassFigures(
                y.Count(v => v == cls),
                predicted.Count(v => v == cls),
                Rate(ix => M.Recall(Bootstrap.Pick(y, ix), Bootstrap.Pick(predicted, ix), k)[cls]),
                Rate(ix => M.Precision(Bootstrap.Pick(y, ix), Bootstrap.Pick(predicted, ix), k)[cls]),
                Rate(ix =>
                {
                    var truth = Bootstrap.Pick(y, ix);
                    var named = Bootstrap.Pick(predicted, ix);
                    return M.F1(M.Precision(truth, named, k)[cls], M.Recall(truth, named, k)[cls]);
                }),
                Rate(ix => OneVsRestAuc(y, cls, column, ix)));
        }

        return result;
    }

    private List<ReliabilityRow> ReliabilityRows(int[] y) =>
        [.. CalibrationMetrics.Reliability(y, _probabilities, 15).Select(b => new ReliabilityRow(
            RateEstimate.Round(b.Lower)!.Value, RateEstimate.Round(b.Upper)!.Value, b.Count, RateEstimate.Round(b.MeanConfidence), RateEstimate.Round(b.Accuracy)))];

    private Dictionary<string, int> PredictedClassCounts() =>
        _codes.Select((code, c) => (code, count: _predicted.Count(p => p == c))).ToDictionary(x => x.code, x => x.count);

    private double OneVsRestAuc(int[] y, int positiveClass, int column, int[] indices)
    {
        var positive = new bool[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            positive[i] = y[indices[i]] == positiveClass;
        }

        return M.Auc(positive, Column(column, indices));
    }

    private double[] Column(int column, int[] indices)
    {
        var values = new double[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            values[i] = _probabilities[indices[i]][column];
        }

        return values;
    }

    private Estimate Rate(Func<int[], double> statistic) => RateEstimate.Of(_bootstrap, Count, statistic);

    private static HeadlineFigure Headline(string key, string label, Dictionary<string, Estimate> rates, string definition, string? rateKey = null)
    {
        var estimate = rates[rateKey ?? key];
        return new HeadlineFigure(key, label, estimate.Value, estimate.Ci95, definition);
    }

    private int IndexOf(string code)
    {
        int index = Array.IndexOf(_codes, code);
        return index >= 0 ? index : throw new InvalidOperationException($"The model's manifest has no class '{code}'; this command scores models with the HAM10000 classes.");
    }

    private static IReadOnlyList<IReadOnlyList<long>> Rows(long[,] matrix, int k) =>
        [.. Enumerable.Range(0, k).Select(r => (IReadOnlyList<long>)[.. Enumerable.Range(0, k).Select(c => matrix[r, c])])];

    private static string Format(double value) => value.ToString("0.0000##", System.Globalization.CultureInfo.InvariantCulture);
}
