namespace SkinLesion.Web.Api;

/// <summary>The greatest distance across the outline (maximum Feret diameter).</summary>
/// <param name="Pixels">In the upload's pixels.</param>
/// <param name="Millimetres">Pixels divided by the request's pixelsPerMillimetre; absent without it.</param>
public sealed record DiameterInfo(
    double Pixels,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? Millimetres);
