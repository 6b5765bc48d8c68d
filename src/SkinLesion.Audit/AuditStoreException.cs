namespace SkinLesion.Audit;

/// <summary>
/// The store could not do what was asked (unreachable, locked, full, unwritable, or a schema this build does not
/// know). The message names the store and the cause, never a record's content.
/// </summary>
public sealed class AuditStoreException(string message, Exception? innerException = null) : Exception(message, innerException);
