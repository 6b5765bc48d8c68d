namespace SkinLesion.Web.Api;

/// <summary>Why no lesion was outlined.</summary>
/// <param name="Code">"empty-mask" (no region large enough) or "mask-touches-border" (the region covers more than half of the examined frame's edge).</param>
/// <param name="Message">What was seen and what to do, for people.</param>
public sealed record LesionReasonInfo(string Code, string Message);
