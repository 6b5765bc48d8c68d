namespace SkinLesion.Inference.Screening;

/// <summary>The outcome of screening and uncertainty checks; reasons are <see cref="AssessmentReasons"/> codes, most decisive first.</summary>
public sealed record Assessment(AssessmentStatus Status, IReadOnlyList<string> Reasons, ScreeningScores Screening)
{
    public string StatusName => Status switch
    {
        AssessmentStatus.Classified => AssessmentStatusNames.Classified,
        AssessmentStatus.Uncertain => AssessmentStatusNames.Uncertain,
        _ => AssessmentStatusNames.Rejected,
    };
}
