namespace SkinLesion.Web.Wording;

/// <summary>What the API and the clinician's pages must say in the same words.</summary>
public static class ClinicalWording
{
    /// <summary>Decision support, not a diagnosis: carried by every classification response and shown on every result page.</summary>
    public const string Disclaimer =
        "Decision support for clinicians only; this is not a diagnosis. The model was trained on dermoscopic images (HAM10000 and ISIC images from other clinics) and its output must be interpreted by a qualified clinician together with the full clinical picture.";
}
