using SkinLesion.Cli.Data;

namespace SkinLesion.Cli.Tests;

public sealed class LabelFileTests
{
    [Fact]
    public void Parse_Ham10000Metadata_ReadsClassesAndLesionIds()
    {
        // Arrange
        const string text = "lesion_id,image_id,dx,dx_type,age,sex,localization\r\nHAM_0000118,ISIC_0027419,bkl,histo,80.0,male,scalp\r\nHAM_0000118,ISIC_0025030,bkl,histo,80.0,male,scalp\r\nHAM_0002730,ISIC_0026769,mel,histo,80.0,male,scalp\r\n";

        // Act
        var set = LabelFile.Parse(text, "HAM10000_metadata.csv");

        // Assert
        Assert.Equal(LabelFormat.Ham10000Metadata, set.Format);
        Assert.Equal(["ISIC_0027419", "ISIC_0025030", "ISIC_0026769"], set.Images.Select(i => i.ImageId));
        Assert.Equal(["bkl", "bkl", "mel"], set.Images.Select(i => i.Dx));
        Assert.Equal(["HAM_0000118", "HAM_0000118", "HAM_0002730"], set.Images.Select(i => i.LesionId));
        Assert.Equal([false, false, true], set.Images.Select(i => i.Melanoma));
    }

    [Fact]
    public void Parse_NegativeSet_ReadsGroupsWithoutDiagnoses()
    {
        // Arrange: training/negatives.py's labels.csv; the source holds commas inside quotes.
        const string text = "image_id,group,source\nphoto-001,photo,\"skimage:chelsea.png crop 2 (10,20)\"\nsolid-003,solid,\"solid skin rgb(241,194,167) 640x480\"\ntext-010,text,letter\n";

        // Act
        var set = LabelFile.Parse(text, ".data/negatives/labels.csv");

        // Assert
        Assert.Equal(LabelFormat.NegativeGroups, set.Format);
        Assert.Equal("negative-groups", set.FormatName);
        Assert.True(set.IsNegative);
        Assert.Equal(["photo-001", "solid-003", "text-010"], set.Images.Select(i => i.ImageId));
        Assert.Equal(["photo", "solid", "text"], set.Images.Select(i => i.Group));
        Assert.All(set.Images, i => Assert.Null(i.Dx));
        Assert.All(set.Images, i => Assert.False(i.Melanoma));
    }

    [Fact]
    public void Parse_NegativeSetRowWithoutGroup_IsRejectedWithLine()
    {
        // Arrange
        const string text = "image_id,group\nphoto-001,photo\nphoto-002, \n";

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "labels.csv"));

        // Assert
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("empty group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Isic2018OneHot_MapsColumnsToModelCodes()
    {
        // Arrange
        const string text = "image,MEL,NV,BCC,AKIEC,BKL,DF,VASC\nISIC_0034524,0.0,1.0,0.0,0.0,0.0,0.0,0.0\nISIC_0034525,0.0,0.0,0.0,1.0,0.0,0.0,0.0\nISIC_0034526,1.0,0.0,0.0,0.0,0.0,0.0,0.0\nISIC_0034527,0.0,0.0,0.0,0.0,0.0,0.0,1.0\n";

        // Act
        var set = LabelFile.Parse(text, "ISIC2018_Task3_GroundTruth.csv");

        // Assert
        Assert.Equal(LabelFormat.Isic2018Task3, set.Format);
        Assert.Equal(["nv", "akiec", "mel", "vasc"], set.Images.Select(i => i.Dx));
        Assert.All(set.Images, i => Assert.Null(i.LesionId));
    }

    [Fact]
    public void Parse_Isic2018RowWithTwoClasses_IsRejectedWithLine()
    {
        // Arrange
        const string text = "image,MEL,NV,BCC,AKIEC,BKL,DF,VASC\nISIC_0034524,1.0,1.0,0.0,0.0,0.0,0.0,0.0\n";

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "gt.csv"));

        // Assert
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("one-hot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Isic2017Part3_DerivesMelBklNvFromTheTwoColumns()
    {
        // Arrange: the official file writes 0.0/1.0 and has no dx column.
        const string text = "image_id,melanoma,seborrheic_keratosis\nISIC_0012086,0.0,1.0\nISIC_0012092,0.0,0.0\nISIC_0012258,1.0,0.0\n";

        // Act
        var set = LabelFile.Parse(text, "ISIC-2017_Test_v2_Part3_GroundTruth.csv");

        // Assert
        Assert.Equal(LabelFormat.Isic2017Part3, set.Format);
        Assert.Equal(["bkl", "nv", "mel"], set.Images.Select(i => i.Dx));
        Assert.Equal([false, false, true], set.Images.Select(i => i.Melanoma));
        Assert.Equal([true, false, false], set.Images.Select(i => i.SeborrheicKeratosis));
    }

    [Fact]
    public void Parse_Isic2017WithContradictingDx_IsRejected()
    {
        // Arrange: the shared copy adds a dx column; it must agree with the two flags.
        const string text = "image_id,melanoma,seborrheic_keratosis,dx\nISIC_0012086,0,1,nv\n";

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "labels.csv"));

        // Assert
        Assert.Contains("contradicts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Isic2016WithHeader_ReadsMalignantAsMelanoma()
    {
        // Arrange
        const string text = "image_id,malignant\nISIC_0000003,0\nISIC_0000013,1\n";

        // Act
        var set = LabelFile.Parse(text, "labels.csv");

        // Assert
        Assert.Equal(LabelFormat.Isic2016Part3, set.Format);
        Assert.Equal([false, true], set.Images.Select(i => i.Melanoma));
        Assert.All(set.Images, i => Assert.Null(i.Dx));
    }

    [Fact]
    public void Read_Isic2016HeaderlessFile_KeepsTheFirstRowAsData()
    {
        // Arrange: ISBI2016_ISIC_Part3_Test_GroundTruth.csv has no header and writes 0.0/1.0.
        var path = Path.Combine(Path.GetTempPath(), $"isic2016-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "ISIC_0000003,0.0\nISIC_0000012,0.0\nISIC_0000013,1.0\n");

        try
        {
            // Act
            var set = LabelFile.Read(path);

            // Assert
            Assert.Equal(LabelFormat.Isic2016Part3, set.Format);
            Assert.Equal(["ISIC_0000003", "ISIC_0000012", "ISIC_0000013"], set.Images.Select(i => i.ImageId));
            Assert.Equal([false, false, true], set.Images.Select(i => i.Melanoma));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_Isic2016TrainingStyleWords_AreUnderstood()
    {
        // Arrange: the 2016 training ground truth says benign/malignant in words.
        const string text = "ISIC_0000000,benign\nISIC_0000002,malignant\n";

        // Act
        var set = LabelFile.Parse(text, "gt.csv");

        // Assert
        Assert.Equal([false, true], set.Images.Select(i => i.Melanoma));
    }

    [Fact]
    public void Parse_PlainImageIdDx_StripsExtensionsAndIgnoresCase()
    {
        // Arrange
        const string text = "\uFEFFImage_Id,DX\nlesion-a.jpg,MEL\nlesion-b,nv\n";

        // Act
        var set = LabelFile.Parse(text, "labels.csv");

        // Assert
        Assert.Equal(LabelFormat.ImageIdDx, set.Format);
        Assert.Equal(["lesion-a", "lesion-b"], set.Images.Select(i => i.ImageId));
        Assert.Equal(["mel", "nv"], set.Images.Select(i => i.Dx));
    }

    [Fact]
    public void Parse_UnknownDx_NamesTheLineAndTheValidCodes()
    {
        // Arrange
        const string text = "image_id,dx\na,mel\nb,scc\n";

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "labels.csv"));

        // Assert
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("akiec, bcc, bkl, df, mel, nv, vasc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateImage_IsRejected()
    {
        // Arrange
        const string text = "image_id,dx\na,mel\na,nv\n";

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "labels.csv"));

        // Assert
        Assert.Contains("already labelled on line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnrecognisedHeader_ListsTheAcceptedShapes()
    {
        // Arrange
        const string text = "file,diagnosis,notes\na.jpg,mel,x\n";

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "labels.csv"));

        // Assert
        Assert.Contains("unrecognised header", error.Message, StringComparison.Ordinal);
        Assert.Contains("ISIC 2018 task 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvParse_QuotedFieldsWithCommasAndNewlines_StayOneField()
    {
        // Arrange
        const string text = "image_id,dx,note\r\na,mel,\"two, parts\"\r\nb,nv,\"line1\nline2 \"\"quoted\"\"\"\r\n\r\n";

        // Act
        var rows = Csv.Parse(text, "labels.csv");

        // Assert
        Assert.Equal(3, rows.Count);
        Assert.Equal("two, parts", rows[1].Fields[2]);
        Assert.Equal("line1\nline2 \"quoted\"", rows[2].Fields[2]);
        Assert.Equal(3, rows[2].Line);
    }

    [Fact]
    public void Parse_HamRowWithAnEmptyLesionId_RefusedNamingTheLine()
    {
        // Arrange: blank lesion ids would all be one lesion to the bootstrap, and every interval would shrink to a point.
        const string text = "lesion_id,image_id,dx\nHAM_0000118,ISIC_0027419,bkl\n,ISIC_0025030,mel\n";

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "labels.csv"));

        // Assert
        Assert.Contains("Labels file 'labels.csv', line 3: lesion_id is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SplitFile_ImageInTwoSplits_RefusedNamingBothLines()
    {
        // Arrange
        using var scratch = new ScratchFolder();
        var path = Path.Combine(scratch.Path, "split.csv");
        File.WriteAllText(path, "image_id,split\nISIC_1,train\nISIC_2,test\nISIC_1.jpg,test\n");

        // Act
        var error = Assert.Throws<InputFileException>(() => SplitFilter.Read(path, "test"));

        // Assert
        Assert.Contains("line 4: image 'ISIC_1' is in split 'test', but line 2 puts it in 'train'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Selection_LabelTheSplitFileDoesNotName_LeftOutWithAWarning()
    {
        // Arrange: b is in another split; c is in no split of the file (left out without a word before).
        using var scratch = new ScratchFolder();
        var labels = Path.Combine(scratch.Path, "labels.csv");
        File.WriteAllText(labels, "image_id,dx\na,mel\nb,nv\nc,nv\n");
        var split = Path.Combine(scratch.Path, "split.csv");
        File.WriteAllText(split, "image_id,split\na,test\nb,train\n");

        // Act
        var selection = LabelSelection.Read(labels, "test", split);

        // Assert
        Assert.Equal(["a"], selection.Images.Select(image => image.ImageId));
        Assert.Equal(2, selection.ExcludedBySplit);
        Assert.Equal(["c"], selection.NotInSplitFile);
        Assert.StartsWith("warning: 1 labelled image(s) are in no split of the split file (e.g. c) and were left out", selection.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvParse_QuoteNeverClosed_RefusedNamingTheLineInsteadOfSwallowingTheRest()
    {
        // Arrange: a stray opening quote on the third line; read on, the 37 rows after it would become one field.
        string text = "image_id,dx,localization\na,mel,back\nb,nv,\"back\n" + string.Concat(Enumerable.Range(0, 37).Select(i => $"c{i},nv,back\n"));

        // Act
        var error = Assert.Throws<InputFileException>(() => LabelFile.Parse(text, "labels.csv"));

        // Assert
        Assert.Contains("'labels.csv' line 3: a field opens with a quote that is never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvParse_QuoteInsideAField_IsACharacter()
    {
        // Arrange: RFC 4180 quotes only whole fields; a quote after other characters is part of the text.
        const string text = "image_id,dx,note\na,mel,5\" lesion\nb,nv,plain\n";

        // Act
        var rows = Csv.Parse(text, "labels.csv");

        // Assert
        Assert.Equal(3, rows.Count);
        Assert.Equal("5\" lesion", rows[1].Fields[2]);
        Assert.Equal("plain", rows[2].Fields[2]);
    }
}
