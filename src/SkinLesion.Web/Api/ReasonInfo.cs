using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Api;

/// <summary>One reason a result is uncertain.</summary>
/// <param name="Code">"low-confidence" (the reported class's probability is below the manifest's minimum) or "borderline-malignancy" (the malignant probability is in the manifest's borderline band).</param>
/// <param name="Message">For the clinician, starting "Uncertain — refer for specialist review".</param>
public sealed record ReasonInfo(string Code, string Message)
{
    public static ReasonInfo From(AssessmentNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new ReasonInfo(notice.Code, notice.Message);
    }
}
