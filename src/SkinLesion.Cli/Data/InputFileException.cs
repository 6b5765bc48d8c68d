namespace SkinLesion.Cli.Data;

/// <summary>A label, split or image input that cannot be used; the message names the file (and line) and what was expected.</summary>
internal sealed class InputFileException(string message) : Exception(message);
