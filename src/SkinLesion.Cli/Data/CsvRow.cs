namespace SkinLesion.Cli.Data;

/// <summary>One record of a CSV file with the 1-based line it starts on, for error messages.</summary>
internal sealed record CsvRow(int Line, IReadOnlyList<string> Fields);
