using SkinLesion.Cli.Evaluation;
using SkinLesion.Cli.Files;
using SkinLesion.Inference;

namespace SkinLesion.Cli.Commands;

/// <summary>The options of <c>evaluate</c>, parsed and checked before anything is loaded.</summary>
internal sealed record EvaluateArguments
{
    public const string Usage = """
        Usage: dotnet run --project src/SkinLesion.Cli -- evaluate --images <folder|file.tar.gz> --labels <file.csv> --out <folder> [options]

        Runs the served classification pipeline (SkinLesion.Inference) over a labelled image set (or a negative
        set of non-dermoscopic images) and writes report.json, README.md (summary) and predictions.csv into --out.

        Required:
          --images <path>         Folder of PNG/JPEG images (searched recursively) or a .tar.gz of them.
                                  An image's id is its file name without extension.
          --labels <path>         CSV whose header decides the format:
                                    HAM10000 metadata     lesion_id,image_id,dx,...  (intervals resample lesions)
                                    ISIC 2018 task 3      image,MEL,NV,BCC,AKIEC,BKL,DF,VASC (one-hot)
                                    ISIC 2017 part 3      image_id,melanoma,seborrheic_keratosis[,dx]
                                    ISIC 2016 part 3      image_id,malignant  or two columns without a header
                                    plain                 image_id,dx  (dx: akiec bcc bkl df mel nv vasc)
                                    negative set          image_id,group[,source]  (images that are not
                                                          dermoscopic, e.g. training/negatives.py: only how
                                                          many are rejected, per group; no diagnoses)
          --out <folder>          Where the report goes (created if needed; files in it are overwritten).
                                  Every report counts the images the service would classify, report as
                                  uncertain or reject, and repeats the figures on the accepted ones.

        Options:
          --split <name>          Only images whose split is <name> in --split-file (e.g. test).
          --split-file <path>     CSV with image_id and split columns (e.g. training/splits/ham10000.csv).
          --name <name>           Data set name in the report (default: the labels file's folder name,
                                  plus -<split>).
          --title <text>          Human-readable title (default: the name).
          --external <bool>       Whether the set is external to training (default: false with --split,
                                  true otherwise).
          --compare-with <key>    Compare with the manifest's metrics.<key> (default: the split, or the
                                  name when the manifest has figures under it; not with --site-profile).
          --site-profile <file>   A site profile written by calibrate: score at its threshold and uncertainty
                                  band instead of the manifest's, as the service does with
                                  SkinLesion:Site:ProfilePath. Refused when made for another model.
          --model <path>          Model manifest JSON (default: the shipped models/skin-lesion-mobilenetv2.json
                                  next to the binaries, as the web app finds it).
          --parallelism <n>       Images classified at once (default: logical processor count).
          --intra-op-threads <n>  ONNX Runtime threads inside one inference (default: 1, since a batch keeps
                                  every core busy with its own image; the service gives a lone request more).
          --jpeg-decoder <name>   auto | libjpeg-turbo | imagesharp (default: auto, as served).
          --reduced-jpeg-decoding <bool>
                                  Decode large JPEGs at 1/2, 1/4 or 1/8 scale with libjpeg-turbo
                                  (default: true, as served); false decodes every pixel.
          --bootstrap <n>         Bootstrap resamples for the 95% intervals (default: 1000).
          --seed <n>              Bootstrap seed (default: 0, as training).
          --embeddings <file.npy> Also write the model's embedding of every evaluated image, float32
                                  [images, 1280] in predictions.csv order (numpy .npy), e.g. to fit the
                                  out-of-distribution check (training/ood.py).
          --early-statistics <file.npy>
                                  Also write the model's early-stage statistics (manifest output
                                  earlyStatistics), float32 [images, features] in the same order.
          --segment               Also outline every image's lesion with the manifest's segmentation graph, as
                                  ?segment=true does, and compare the outline with --masks: mean Dice and
                                  Jaccard with bootstrap intervals, and each lesion measure's AUC for malignant
                                  against benign (report.json "segmentation", segmentation.csv per image).
          --masks <path>          With --segment: reference masks, a folder or a .tar.gz of 8-bit grey images
                                  (lesion >= 128) named <image id> or <image id>_segmentation, e.g.
                                  ../shared/data/ham10000/masks.tar.gz.
          -h, --help              Show this help.

        Exit codes: 0 report written (failed images are listed in it), 1 input or model error, 2 bad arguments,
        130 interrupted (Ctrl-C; an earlier report is left as it was).
        """;

    public required string Images { get; init; }

    public required string Labels { get; init; }

    public required string Out { get; init; }

    public string? Split { get; init; }

    public string? SplitFile { get; init; }

    public string? Name { get; init; }

    public string? Title { get; init; }

    public bool? External { get; init; }

    public string? CompareWith { get; init; }

    public string? Model { get; init; }

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public int IntraOpThreads { get; init; } = 1;

    public JpegDecoderChoice JpegDecoder { get; init; } = JpegDecoderChoice.Auto;

    public bool ReducedJpegDecoding { get; init; } = true;

    public int BootstrapReplicates { get; init; } = 1000;

    public uint Seed { get; init; }

    public string? Embeddings { get; init; }

    public string? EarlyStatistics { get; init; }

    /// <summary>A site profile (calibrate --out): its threshold and band instead of the manifest's.</summary>
    public string? SiteProfile { get; init; }

    /// <summary>Whether to outline the lesions too and compare them with <see cref="Masks"/>.</summary>
    public bool Segment { get; init; }

    /// <summary>The reference masks (folder or .tar.gz); required with <see cref="Segment"/>.</summary>
    public string? Masks { get; init; }

    /// <summary>Parses the arguments after "evaluate"; null when help was asked for.</summary>
    public static EvaluateArguments? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = OptionParser.Parse("evaluate", args, KnownOptions, Flags);
        if (options is null)
        {
            return null;
        }

        var parsed = new EvaluateArguments
        {
            Images = options.Required("--images"),
            Labels = options.Required("--labels"),
            Out = options.Required("--out"),
            Split = options.Optional("--split"),
            SplitFile = options.Optional("--split-file"),
            Name = options.Optional("--name"),
            Title = options.Optional("--title"),
            External = options.Bool("--external"),
            CompareWith = options.Optional("--compare-with"),
            Model = options.Optional("--model"),
            Parallelism = options.Int("--parallelism", 1, 256, Environment.ProcessorCount),
            IntraOpThreads = options.Int("--intra-op-threads", 1, 64, 1),
            JpegDecoder = options.Optional("--jpeg-decoder") is { } j ? ParseDecoder(j) : JpegDecoderChoice.Auto,
            ReducedJpegDecoding = options.Bool("--reduced-jpeg-decoding", true),
            BootstrapReplicates = options.Int("--bootstrap", 1, 100_000, 1000),
            Seed = (uint)options.Int("--seed", 0, int.MaxValue, 0),
            Embeddings = options.Optional("--embeddings"),
            EarlyStatistics = options.Optional("--early-statistics"),
            SiteProfile = options.Optional("--site-profile"),
            Segment = options.Bool("--segment", false),
            Masks = options.Optional("--masks"),
        };

        if (parsed.Segment != (parsed.Masks is not null))
        {
            throw new UsageException("--segment and --masks go together: the outlines are compared with the reference masks.");
        }

        if (parsed.CompareWith is not null && parsed.SiteProfile is not null)
        {
            throw new UsageException("--compare-with and --site-profile do not go together: training's figures were made at the manifest's threshold, not the site's.");
        }

        options.RequireSplitWithFile();
        try
        {
            RequireOutputsApartFromInputs(parsed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A path that cannot be resolved (a loop of links, a folder this user may not read) is said, not crashed on.
            throw new UsageException($"The paths given cannot be compared: {ex.Message}");
        }

        return parsed;
    }

    /// <summary>Every file the run writes, with the option that names it: the reports in --out and the matrices.</summary>
    public IReadOnlyList<(string Option, string Path)> OutputFiles()
    {
        var outputs = new List<(string Option, string Path)>
        {
            ("--out", Path.Combine(Out, ReportWriter.ReportFile)),
            ("--out", Path.Combine(Out, ReportWriter.SummaryFile)),
            ("--out", Path.Combine(Out, ReportWriter.PredictionsFile)),
        };
        if (Segment)
        {
            outputs.Add(("--out", Path.Combine(Out, SegmentationCsv.FileName)));
        }

        outputs.AddRange(new[] { ("--embeddings", Embeddings), ("--early-statistics", EarlyStatistics) }
            .Where(output => output.Item2 is not null)
            .Select(output => (output.Item1, output.Item2!)));
        return outputs;
    }

    // Every file the run writes is refused when it would land on one of the run's inputs or on another of its outputs,
    // however each is named (links resolved): --labels given again as --early-statistics was overwritten with a matrix.
    private static void RequireOutputsApartFromInputs(EvaluateArguments parsed)
    {
        var outputs = parsed.OutputFiles();
        var inputs = new[]
        {
            ("--images", parsed.Images), ("--labels", parsed.Labels), ("--split-file", parsed.SplitFile), ("--masks", parsed.Masks),
            ("--site-profile", parsed.SiteProfile), ("--model", parsed.Model),
        };
        for (int i = 0; i < outputs.Count; i++)
        {
            var (option, path) = outputs[i];
            foreach (var (inputOption, input) in inputs)
            {
                if (input is not null && RealPath.Of(path) == RealPath.Of(input))
                {
                    throw new UsageException($"{option} would write '{path}', which is the same file as {inputOption} '{input}'; the run would overwrite its own input. Name another {(option == "--out" ? "folder" : "file")}.");
                }
            }

            if (outputs.Skip(i + 1).FirstOrDefault(other => RealPath.Of(other.Path) == RealPath.Of(path)) is { Option: { } clash })
            {
                throw new UsageException($"{option} and {clash} would both write '{path}'; name different files.");
            }
        }
    }

    private static JpegDecoderChoice ParseDecoder(string text) => text.ToLowerInvariant() switch
    {
        "auto" => JpegDecoderChoice.Auto,
        "libjpeg-turbo" or "libjpegturbo" => JpegDecoderChoice.LibJpegTurbo,
        "imagesharp" => JpegDecoderChoice.ImageSharp,
        _ => throw new UsageException($"--jpeg-decoder must be auto, libjpeg-turbo or imagesharp, got '{text}'."),
    };

    private static readonly SortedSet<string> KnownOptions = new(StringComparer.Ordinal)
    {
        "--images", "--labels", "--out", "--split", "--split-file", "--name", "--title", "--external", "--compare-with",
        "--model", "--parallelism", "--intra-op-threads", "--jpeg-decoder", "--reduced-jpeg-decoding", "--bootstrap", "--seed", "--embeddings",
        "--early-statistics", "--site-profile", "--segment", "--masks",
    };

    /// <summary>Options that may be given without a value (a flag alone means true).</summary>
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--segment" };
}
