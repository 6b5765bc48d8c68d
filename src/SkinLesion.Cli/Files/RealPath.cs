namespace SkinLesion.Cli.Files;

/// <summary>
/// A path with every symbolic link along it resolved, so that a command can tell whether an output would land on one of
/// its inputs (or on the audit store) however either was named: a link to the labels is the labels.
/// </summary>
internal static class RealPath
{
    // Linux's own limit on links followed in one lookup (MAXSYMLINKS); a loop ends here instead of recursing forever.
    private const int MaxLinks = 40;

    /// <summary>The absolute path with its links resolved; parts that do not exist yet are kept as named.</summary>
    public static string Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Resolve(Path.GetFullPath(path), 0);
    }

    /// <summary>Whether <paramref name="output"/> is <paramref name="input"/>, or inside it when the input is a folder.</summary>
    public static bool IsOrIsInside(string output, string input)
    {
        string target = Of(output);
        string source = Of(input);
        return string.Equals(target, source, StringComparison.Ordinal)
            || (Directory.Exists(source) && target.StartsWith(Path.TrimEndingDirectorySeparator(source) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    private static string Resolve(string full, int links)
    {
        string root = Path.GetPathRoot(full) ?? "/";
        string current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            string next = Path.Combine(current, part);
            FileSystemInfo entry = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (entry.LinkTarget is { } target)
            {
                if (links >= MaxLinks)
                {
                    throw new IOException($"Too many levels of symbolic links at '{next}'.");
                }

                next = Resolve(Path.GetFullPath(target, current), links + 1);
            }

            current = next;
        }

        return current;
    }
}
