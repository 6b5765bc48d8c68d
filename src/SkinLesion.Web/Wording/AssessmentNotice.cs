using SkinLesion.Inference;

namespace SkinLesion.Web.Wording;

/// <summary>
/// One reason an image was not classified outright, as both audiences see it: the page shows <see cref="Heading"/>
/// and <see cref="Detail"/>, the API sends <see cref="Message"/> (an uncertain reason's message starts with the
/// referral, so it stands on its own in any client). <see cref="Advice"/>, for rejections only, says what to upload instead.
/// </summary>
public sealed record AssessmentNotice(string Code, AssessmentStatus Status, string Heading, string Detail, string Message, string? Advice);
