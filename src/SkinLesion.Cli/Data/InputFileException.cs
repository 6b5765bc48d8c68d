namespace SkinLesion.Cli.Data;

/// <summary>A label, split or image input that cannot be used; the message names the file (and line) and what was expected.</summary>
internal sealed class InputFileException(string message) : Exception(message)
{
    /// <summary>
    /// Refuses a file named by a command-line option that is missing or a folder, naming the option as typed: the
    /// libraries' own messages name the service's settings (SkinLesion__Model__Path, ...), which are not what was typed.
    /// </summary>
    public static void ThrowIfNotAFile(string option, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new InputFileException(Directory.Exists(path) ? $"{option} '{path}' is a folder; give the file." : $"{option} '{path}' does not exist.");
        }
    }
}
