namespace SkinLesion.Web.Pages;

/// <summary>
/// One training source's validation figures at the shipped threshold (the manifest's metrics.validationBySource): the
/// threshold is chosen so that every source reaches the target sensitivity, and this row shows what that cost each one.
/// </summary>
public sealed record SourceValidationRow(string Source, string? Images, string? Malignant, string? MalignantAuc, string? Sensitivity, string? Specificity);
