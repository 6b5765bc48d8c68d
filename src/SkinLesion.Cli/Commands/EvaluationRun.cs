using SkinLesion.Cli.Data;
using SkinLesion.Cli.Evaluation;
using SkinLesion.Inference;

namespace SkinLesion.Cli.Commands;

/// <summary>What one run of <c>evaluate</c> was asked for and what it measured, before it becomes a report.</summary>
/// <param name="Arguments">The command line after "evaluate", as typed.</param>
/// <param name="ManifestPath">The manifest the model was loaded from (its file name names training's figures).</param>
/// <param name="LoadAverage">The 1-minute load average when the images started, null where the system does not tell.</param>
internal sealed record EvaluationRun(
    EvaluateArguments Options,
    IReadOnlyList<string> Arguments,
    string Name,
    LabelSelection Labels,
    ISkinLesionClassifier Classifier,
    string ManifestPath,
    RunOutcome Outcome,
    TimeSpan LoadTime,
    double? LoadAverage);
