namespace SkinLesion.Audit;

/// <summary>
/// A store this service creates is readable by its user only (folder 0700, file 0600; SQLite gives the -wal and -shm
/// files the database's mode): it holds answers about patients and the Data Protection key ring, and the default
/// umask made them world-readable outside the container. Existing folders and files keep the modes they have.
/// </summary>
internal static class OwnerOnlyFiles
{
    /// <summary>Creates the folder and an empty database file, each for the owner only, where they are missing.</summary>
    internal static void Create(string directory, string database)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (!File.Exists(database))
        {
            try
            {
                using var created = new FileStream(database, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(database))
            {
                // Another replica or process created it first: it is theirs to have made right.
            }
        }
    }
}
