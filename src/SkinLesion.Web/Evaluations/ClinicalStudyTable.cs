namespace SkinLesion.Web.Evaluations;

/// <summary>One section of the clinical-data study's report as a table: the image alone and the fusion with each set of fields.</summary>
/// <param name="Id">The section's key in the report ("validationCrossValidated", "hamTest", ...), used as the table's id.</param>
/// <param name="Caption">What the figures were measured on.</param>
/// <param name="Columns">The figures' names, in the report's order.</param>
/// <param name="Rows">The report's rows, in its order.</param>
public sealed record ClinicalStudyTable(string Id, string Caption, IReadOnlyList<string> Columns, IReadOnlyList<ClinicalStudyRow> Rows);
