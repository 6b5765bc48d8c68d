using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Api;

/// <summary>Why a rejected image was not assessed.</summary>
/// <param name="Code">"featureless-image" (blank, solid colour, smooth gradient), "greyscale-image" (no colour) or "not-dermoscopic" (unlike any training image).</param>
/// <param name="Message">For the clinician: why the image was not assessed.</param>
/// <param name="Advice">For the clinician: what to upload instead.</param>
public sealed record RejectionInfo(string Code, string Message, string Advice)
{
    public static RejectionInfo From(AssessmentNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new RejectionInfo(notice.Code, notice.Message, notice.Advice ?? throw new ArgumentException($"'{notice.Code}' is not a rejection.", nameof(notice)));
    }
}
