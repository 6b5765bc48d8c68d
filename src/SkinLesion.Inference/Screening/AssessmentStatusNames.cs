namespace SkinLesion.Inference.Screening;

/// <summary>The status names the API, the page, the logs and the evaluation reports write.</summary>
public static class AssessmentStatusNames
{
    public const string Classified = "classified";
    public const string Uncertain = "uncertain";
    public const string Rejected = "rejected";

    public static IReadOnlyList<string> All { get; } = [Classified, Uncertain, Rejected];
}
