using SkinLesion.Cli.Data;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>The scored images in label-file order, the ones that failed, the image files not read, and how long it took.</summary>
internal sealed record RunOutcome(IReadOnlyList<ScoredImage> Scored, IReadOnlyList<FailedImage> Failures, SourceTally Source, TimeSpan Elapsed);
