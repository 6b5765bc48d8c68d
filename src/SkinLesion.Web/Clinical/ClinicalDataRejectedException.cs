namespace SkinLesion.Web.Clinical;

/// <summary>
/// Clinical fields that cannot be used, refused before the image is classified. <see cref="Errors"/> holds, per field,
/// what is wrong and what is accepted; it may quote the value sent, so it goes back to the sender only. The exception's
/// own message names the fields and never a value, in case it ever reaches a log.
/// </summary>
public sealed class ClinicalDataRejectedException(IReadOnlyDictionary<string, string[]> errors)
    : Exception($"The clinical field(s) {string.Join(", ", errors?.Keys ?? [])} cannot be used.")
{
    /// <summary>Each refused field (age, sex, site) with its messages, in the order the fields are listed.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? throw new ArgumentNullException(nameof(errors));

    /// <summary>The refused fields' names, for logs: never their values.</summary>
    public IReadOnlyList<string> Fields => [.. Errors.Keys];
}
