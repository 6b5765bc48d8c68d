using System.Diagnostics;
using System.Threading.Channels;
using SkinLesion.Cli.Data;
using SkinLesion.Inference;
using SkinLesion.Inference.Evaluation;

namespace SkinLesion.Cli.Evaluation;

/// <summary>
/// Streams the wanted images out of the source while up to <c>parallelism</c> of them go through the
/// classifier at once, the way concurrent requests reach the server. Every labelled image ends up either
/// scored or in the failure list: not found, refused by the pipeline, nothing is dropped. With <paramref name="request"/>
/// asking for segmentation, each image is also outlined as ?segment=true would outline it.
/// </summary>
internal sealed class EvaluationRunner(ISkinLesionClassifier classifier, int parallelism, ClassificationRequest? request = null)
{
    public async Task<RunOutcome> RunAsync(LabelSelection selection, ImageSource source, ProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(progress);
        var labels = selection.Images;
        var labelled = selection.LabelSet.Images.Select(label => label.ImageId).ToHashSet(StringComparer.Ordinal);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            position[labels[i].ImageId] = i;
        }

        var scored = new ScoredImage?[labels.Count];
        var failures = new FailedImage?[labels.Count];
        var channel = Channel.CreateBounded<ImageFile>(new BoundedChannelOptions(Math.Max(4, parallelism * 4)) { SingleWriter = true });
        var wall = Stopwatch.StartNew();
        progress.Start();
        // An unexpected fault ends the run; the reader, blocked on a full channel, is stopped with it rather than left waiting.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => source.ReadAsync(position.Keys.ToHashSet(StringComparer.Ordinal), labelled, channel.Writer, stop.Token), stop.Token);
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(channel.Reader.ReadAllAsync(cancellationToken), options, async (file, token) =>
            {
                int index = position[file.ImageId];
                if (file.Unreadable is { } why)
                {
                    failures[index] = new FailedImage(file.ImageId, "Unreadable", $"The file could not be read: {why}");
                    progress.Advance(failed: true);
                    return;
                }

                try
                {
                    scored[index] = await ScoreAsync(labels[index], file, token);
                    progress.Advance(failed: false);
                }
                catch (ImageRejectedException ex)
                {
                    failures[index] = new FailedImage(file.ImageId, ex.Reason.ToString(), ex.Message);
                    progress.Advance(failed: true);
                }
            });
        }
        catch
        {
            await stop.CancelAsync();
            await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var tally = await reading;
        wall.Stop();

        for (int i = 0; i < labels.Count; i++)
        {
            if (scored[i] is null && failures[i] is null)
            {
                failures[i] = new FailedImage(labels[i].ImageId, "NotFound", "No file with this image id (file name without extension) in the images folder or archive.");
                progress.Advance(failed: true);
            }
        }

        progress.Finish();
        return new RunOutcome(
            [.. scored.OfType<ScoredImage>()],
            [.. failures.OfType<FailedImage>()],
            tally,
            wall.Elapsed);
    }

    private async Task<ScoredImage> ScoreAsync(LabelledImage label, ImageFile file, CancellationToken cancellationToken)
    {
        var result = await classifier.ClassifyAsync(file.Bytes, request ?? ClassificationRequest.Plain, cancellationToken);
        return new ScoredImage(
            label,
            [.. result.Probabilities.Select(p => p.Probability)],
            result.Prediction.Index,
            result.Verdict.MalignantProbability,
            result.Image.Width,
            result.Image.Height)
        {
            Assessment = result.Assessment,
            Embedding = result.Embedding,
            EarlyStatistics = result.EarlyStatistics,
            Lesion = result.Lesion,
        };
    }
}
