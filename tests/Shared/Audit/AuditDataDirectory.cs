namespace SkinLesion.Tests.Shared.Audit;

/// <summary>Removal of a test host's audit data directory once the host is gone.</summary>
internal static class AuditDataDirectory
{
    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it. SQLite removes its -wal and -shm files as the store's last
    /// connections close, and with minimal hosting that can still be happening on the entry point's thread after the
    /// test factory's dispose has returned (dotnet/aspnetcore #40271). A file or the folder that is already gone is what
    /// this wants, so an IOException from that race is retried; the last attempt's is thrown.
    /// </summary>
    public static void Remove(string path)
    {
        const int attempts = 5;
        for (int attempt = 1; Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException) when (attempt < attempts)
            {
                Thread.Sleep(100);
            }
        }
    }
}
