namespace SkinLesion.Web.Setup;

/// <summary>A configuration section an options type is bound to (SkinLesion:Audit), registered by <see cref="StrictBinding"/>.</summary>
internal sealed record BoundSection(string Path);
