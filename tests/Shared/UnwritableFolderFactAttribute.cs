namespace SkinLesion.Tests.Shared;

/// <summary>A fact that needs a folder the test may not write in (<see cref="UnwritableFolder"/>); skipped, saying why, where none can be made.</summary>
internal sealed class UnwritableFolderFactAttribute : FactAttribute
{
    public UnwritableFolderFactAttribute()
    {
        if (UnwritableFolder.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
