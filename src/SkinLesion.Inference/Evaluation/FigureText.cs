using System.Globalization;

namespace SkinLesion.Inference.Evaluation;

/// <summary>
/// How figures are written for people, the same in the evaluation summaries, the command's output and the model
/// page: rates with three decimals and the 95% interval in brackets, "0.758 (0.710–0.803)", shares as percentages
/// with one decimal, and a dash where a figure is not defined (never 0).
/// </summary>
public static class FigureText
{
    public const string Undefined = "—";

    /// <summary>"0.758", or a dash when undefined.</summary>
    public static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : Undefined;

    /// <summary>"0.710–0.803", or a dash unless the interval has both ends.</summary>
    public static string Interval(IReadOnlyList<double>? ci95) => ci95 is { Count: 2 } ci ? $"{Number(ci[0])}–{Number(ci[1])}" : Undefined;

    /// <summary>"0.758 (0.710–0.803)", or the value alone where there is no interval.</summary>
    public static string Estimate(double? value, IReadOnlyList<double>? ci95) =>
        ci95 is null ? Number(value) : $"{Number(value)} ({Interval(ci95)})";

    /// <inheritdoc cref="Estimate(double?, IReadOnlyList{double}?)"/>
    public static string Estimate(Estimate estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return Estimate(estimate.Value, estimate.Ci95);
    }

    /// <summary>A share as a percentage with one decimal, "97.4%", or a dash when undefined.</summary>
    public static string Share(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : Undefined;

    /// <summary><paramref name="count"/> of <paramref name="of"/> as a percentage; a dash when there is nothing to share.</summary>
    public static string Share(int count, int of) => of > 0 ? Share((double)count / of) : Undefined;

    /// <summary>"76.0%–80.5%", or a dash unless the interval has both ends.</summary>
    public static string ShareInterval(IReadOnlyList<double>? ci95) => ci95 is { Count: 2 } ci ? $"{Share(ci[0])}–{Share(ci[1])}" : Undefined;
}
