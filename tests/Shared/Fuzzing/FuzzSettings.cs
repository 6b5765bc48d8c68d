using System.Globalization;

namespace SkinLesion.Tests.Shared.Fuzzing;

/// <summary>
/// The fuzzer's seed and case count. Both are fixed by default so every CI run generates the same cases;
/// set SKINLESION_FUZZ_SEED to the seed a failing run printed to replay it, or to another number to explore,
/// and SKINLESION_FUZZ_CASES to run more (or fewer) cases locally.
/// </summary>
internal static class FuzzSettings
{
    public const string SeedVariable = "SKINLESION_FUZZ_SEED";
    public const string CasesVariable = "SKINLESION_FUZZ_CASES";

    /// <summary>A file the in-process fuzzer rewrites with each case before running it, to name the case a hang is stuck in.</summary>
    public const string TraceVariable = "SKINLESION_FUZZ_TRACE";

    /// <summary>The default seed (the date the fuzzer was written); CI always runs this one.</summary>
    public const int DefaultSeed = 20261129;

    public static int Seed => Read(SeedVariable, DefaultSeed);

    /// <summary>The number of cases, the default unless SKINLESION_FUZZ_CASES overrides it.</summary>
    public static int Cases(int defaultCount) => Math.Max(1, Read(CasesVariable, defaultCount));

    private static int Read(string variable, int defaultValue)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new InvalidOperationException($"{variable}='{text}' is not an integer.");
    }
}
