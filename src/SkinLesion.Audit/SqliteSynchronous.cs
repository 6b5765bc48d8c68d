namespace SkinLesion.Audit;

/// <summary>
/// When a SQLite commit reaches the disk (configuration SkinLesion:Audit:SqliteSynchronous; SQLite's PRAGMA
/// synchronous in WAL mode). Both survive a crash of the service itself: a commit is in the operating system's hands
/// before the answer goes out. They differ on a crash of the machine (ADR 0015, README "Audit trail").
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>The log is flushed to disk at checkpoints: ~0.1 ms per append; a power loss may lose the last commits.</summary>
    Normal,

    /// <summary>Every commit is flushed to disk (fsync) before it returns: a power loss loses nothing; a few ms per append.</summary>
    Full,
}
