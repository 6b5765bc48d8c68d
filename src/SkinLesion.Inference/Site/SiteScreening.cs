using System.Text.Json.Serialization;

namespace SkinLesion.Inference.Site;

/// <summary>
/// The screening head's threshold a site chose on its own dermoscopy ("screening" in a schema-2 profile): the highest
/// one that accepts <see cref="TargetAcceptance"/> of the site's images the head decides (<see cref="Images"/>), never above the artifact's own threshold and
/// never below its <c>siteThresholdFloor</c> (docs/decisions/0034-site-screening-threshold.md). A threshold is a logit
/// of one fitted head, so the profile names the artifact it was chosen with, and the service refuses it with any other.
/// </summary>
/// <param name="ArtifactVersion">The out-of-distribution artifact's version, as the manifest lists it.</param>
/// <param name="ArtifactSha256">The artifact file's sha256; the service applies the threshold only with this file.</param>
/// <param name="HeadThreshold">The site's threshold: an image whose head score is below it is refused as not dermoscopic.</param>
/// <param name="ShippedHeadThreshold">The artifact's own threshold.</param>
/// <param name="Floor">The artifact's siteThresholdFloor.</param>
/// <param name="TargetAcceptance">The share of the site's images the threshold was chosen to accept.</param>
/// <param name="Rule">How the threshold was chosen, in words.</param>
/// <param name="Images">The site's images the rule was applied to: every evaluated image that neither the texture floor, the colour floor nor a refusing distance refuses.</param>
/// <param name="AcceptedAtShipped">The share of those images the shipped threshold accepts.</param>
/// <param name="AcceptedAtSite">The share of those images the site's threshold accepts.</param>
public sealed record SiteScreening(
    string ArtifactVersion,
    string ArtifactSha256,
    double HeadThreshold,
    double ShippedHeadThreshold,
    double Floor,
    double TargetAcceptance,
    string Rule,
    int Images,
    double AcceptedAtShipped,
    double AcceptedAtSite)
{
    /// <summary>The share of a site's dermoscopy its screening threshold is chosen to accept: the shipped rule's share for each development set.</summary>
    public const double DefaultTargetAcceptance = 0.99;

    /// <summary>Whether the floor stopped the threshold before it reached the target; derived, so not written to the file.</summary>
    [JsonIgnore]
    public bool StoppedAtFloor => HeadThreshold == Floor && AcceptedAtSite < TargetAcceptance;
}
