using System.Diagnostics;

namespace SkinLesion.Tests.Shared;

/// <summary>
/// Makes a folder one the test process may not write in, as a user with read access only meets it, and undoes it on
/// Dispose. Permission bits do not stop root (CI runs as root), so root sets the immutable attribute instead, which
/// stops root too.
/// </summary>
internal sealed class UnwritableFolder : IDisposable
{
    private readonly string _path;
    private readonly UnixFileMode _mode;

    private UnwritableFolder(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Folders are made unwritable on Linux only.");
        }

        _path = path;
        _mode = File.GetUnixFileMode(path);
        if (Environment.IsPrivilegedProcess)
        {
            Chattr("+i", path);
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Why a folder cannot be made unwritable on this machine (not Linux, or chattr refused); null when it can.</summary>
    public static readonly string? UnavailableReason = Probe();

    public static UnwritableFolder Make(string path) => new(path);

    public void Dispose()
    {
        if (Environment.IsPrivilegedProcess)
        {
            Chattr("-i", _path);
        }
        else if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(_path, _mode);
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Linux only: the folder is made unwritable with permission bits or chattr.";
        }

        var folder = Directory.CreateTempSubdirectory("unwritable-probe-").FullName;
        try
        {
            using (Make(folder))
            {
                try
                {
                    File.Create(Path.Combine(folder, "probe")).Dispose();
                    return "a folder made unwritable here still takes new files (no immutable attribute on this file system?).";
                }
                catch (UnauthorizedAccessException)
                {
                    return null;
                }
                catch (IOException)
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return $"cannot make a folder unwritable here: {ex.Message}";
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("chattr did not start.");
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chattr {flag} {path} exited {process.ExitCode}: {error.Trim()}");
        }
    }
}
