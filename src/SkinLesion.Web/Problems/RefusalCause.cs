namespace SkinLesion.Web.Problems;

/// <summary>
/// One refusal cause as both audiences see it: the API's status, problem type and title, and the
/// heading a clinician reads above the detail on the upload page.
/// </summary>
public sealed record RefusalCause(int Status, string Type, string Title, string Heading)
{
    /// <summary>The last segment of the problem type ("corrupt-image"), stable enough for markup and tests.</summary>
    public string Code => Type[ProblemTypes.BaseUri.Length..];
}
