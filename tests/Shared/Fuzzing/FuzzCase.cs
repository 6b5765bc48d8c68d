namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>One generated upload: which seed it came from and which mutations made it.</summary>
internal sealed record FuzzCase(int Index, string Seed, string Mutation, byte[] Bytes)
{
    public override string ToString() => $"case {Index}: {Seed} <- {Mutation} ({Bytes.Length:N0} bytes)";
}
