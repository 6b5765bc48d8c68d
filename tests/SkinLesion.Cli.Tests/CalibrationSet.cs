namespace SkinLesion.Cli.Tests;

/// <summary>A site's labelled set for calibrate: generated lesions named m00… (mel) and b00… (nv), and their labels.</summary>
internal static class CalibrationSet
{
    /// <summary>The images (PNG, 200x150) in <paramref name="root"/>/images and the labels in <paramref name="root"/>/labels.csv.</summary>
    public static (string Images, string Labels) Write(string root, int malignant, int benign)
    {
        var images = Directory.CreateDirectory(Path.Combine(root, "images")).FullName;
        for (int i = 0; i < malignant + benign; i++)
        {
            File.WriteAllBytes(Path.Combine(images, $"{ImageId(i, malignant)}.png"), GeneratedImages.Lesion(200, 150, seed: 100 + i, png: true));
        }

        return (images, WriteLabels(root, malignant, benign));
    }

    /// <summary>The labels alone, in <paramref name="root"/>/labels.csv.</summary>
    public static string WriteLabels(string root, int malignant, int benign)
    {
        var labels = Path.Combine(root, "labels.csv");
        File.WriteAllLines(labels, ["image_id,dx", .. Enumerable.Range(0, malignant + benign).Select(i => $"{ImageId(i, malignant)},{(i < malignant ? "mel" : "nv")}")]);
        return labels;
    }

    public static string ImageId(int i, int malignant) => i < malignant ? $"m{i:00}" : $"b{i - malignant:00}";
}
