using SkinLesion.Web.Clinical;

namespace SkinLesion.Web.Api;

/// <summary>
/// What became of the clinical fields sent with the image; present only when at least one was sent. It names fields,
/// never their values.
/// </summary>
/// <param name="Received">The fields the request gave (age, sex, site), in that order.</param>
/// <param name="Used">The fields the answer used: none with this service version, which answers from the image alone.</param>
/// <param name="Reason">Why the received fields were not used, from the model manifest's study of them, and where the figures are.</param>
public sealed record ClinicalInfo(IReadOnlyList<string> Received, IReadOnlyList<string> Used, string Reason)
{
    /// <summary>The object for the fields a request gave; null when it gave none, so the response is as without the fields.</summary>
    public static ClinicalInfo? From(IReadOnlyList<string> received, ClinicalFields fields)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(fields);

        // No fusion runs here (a manifest that names one is refused at startup), so no field is used.
        return received.Count == 0 ? null : new ClinicalInfo(received, [], fields.Reason);
    }
}
