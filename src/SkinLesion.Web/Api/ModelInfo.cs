namespace SkinLesion.Web.Api;

public sealed record ModelInfo(string Name, string Version, string Sha256);
