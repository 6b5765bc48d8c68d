using SkinLesion.Web.Problems;

namespace SkinLesion.Web.Pages;

/// <summary>A refusal as the page shows it: a heading per cause, the same detail the API sends, and what to do next.</summary>
/// <param name="Code">The problem type's code, as the API's problem names it.</param>
/// <param name="Heading">The heading for people.</param>
/// <param name="Detail">The same detail the API sends.</param>
/// <param name="ConcernsTheFile">Whether the chosen file is what was refused, so the file input is marked invalid.</param>
/// <param name="NextStep">What to do now; says so when the clinical details and options sent could not be read back.</param>
public sealed record RefusalView(string Code, string Heading, string Detail, bool ConcernsTheFile, string NextStep)
{
    public static RefusalView For(RefusalCause cause, string detail, bool formRead)
    {
        ArgumentNullException.ThrowIfNull(cause);
        bool concernsTheFile = RefusalCatalogue.ConcernsTheFile(cause);

        // A browser never sends a file input back: whatever the cause, the image must be chosen again.
        string next = cause == RefusalCatalogue.MissingImage ? "Choose a PNG or JPEG image, then press Classify."
            : concernsTheFile ? "The file was not stored. Choose another file and try again."
            : "The image was not stored. Choose it again, then press Classify.";

        // Refused before the form was read (a full line, an upload too large or cut short): nothing typed came back.
        return new RefusalView(cause.Code, cause.Heading, detail, concernsTheFile,
            formRead ? next : next + " The clinical details and options sent with it were not kept: enter them again.");
    }
}
