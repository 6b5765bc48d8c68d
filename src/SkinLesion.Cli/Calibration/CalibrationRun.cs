using SkinLesion.Cli.Commands;
using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference;
using SkinLesion.Inference.Screening;

namespace SkinLesion.Cli.Calibration;

/// <summary>What one run of <c>calibrate</c> was asked for and what the model said of the site's images, before it becomes a profile.</summary>
/// <param name="Arguments">The command line after "calibrate", as typed.</param>
/// <param name="Site">The site's name the profile carries.</param>
/// <param name="Truth">Whether each scored image is malignant (<see cref="MalignantTruth"/>), in <see cref="RunOutcome.Scored"/> order.</param>
/// <param name="Head">The screening head the images were assessed with (its threshold and site floor); null when the model has none.</param>
internal sealed record CalibrationRun(
    CalibrateArguments Options,
    IReadOnlyList<string> Arguments,
    string Site,
    LabelSelection Labels,
    ISkinLesionClassifier Classifier,
    RunOutcome Outcome,
    IReadOnlyList<bool> Truth,
    ScreeningHead? Head);
