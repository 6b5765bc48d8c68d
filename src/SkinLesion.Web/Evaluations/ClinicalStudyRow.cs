namespace SkinLesion.Web.Evaluations;

/// <summary>One line of a clinical-data study table: which inputs, and each column's figure ("0.7754", or a dash where there is none).</summary>
public sealed record ClinicalStudyRow(string Inputs, IReadOnlyList<string> Values);
