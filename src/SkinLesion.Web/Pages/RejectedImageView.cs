using SkinLesion.Inference;
using SkinLesion.Web.Wording;

namespace SkinLesion.Web.Pages;

/// <summary>
/// A rejected image as the page shows it: the upload, why it was not assessed and what to upload instead.
/// It holds no probabilities, verdict or map, so none can be rendered.
/// </summary>
public sealed record RejectedImageView(
    string ImageDataUri,
    string ImageDescription,
    AssessmentNotice Reason,
    string ModelName,
    string ModelVersion,
    string TimeTakenText,
    string Disclaimer)
{
    public static RejectedImageView From(ClassificationResult result, ReadOnlyMemory<byte> image)
    {
        ArgumentNullException.ThrowIfNull(result);
        var notice = AssessmentCatalogue.For(result.Assessment.Reasons[0]);
        return new RejectedImageView(
            UploadedImage.DataUri(result, image),
            UploadedImage.Description(result, image),
            notice,
            result.Model.Name,
            result.Model.Version,
            UploadedImage.TimeTaken(result),
            ClinicalWording.Disclaimer);
    }
}
