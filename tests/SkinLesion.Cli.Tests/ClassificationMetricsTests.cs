using SkinLesion.Cli.Metrics;

namespace SkinLesion.Cli.Tests;

/// <summary>Each expectation is worked out by hand in the comment above it.</summary>
public sealed class ClassificationMetricsTests
{
    [Fact]
    public void Auc_WithTiedScores_CountsTiesAsHalf()
    {
        // Arrange: positives 0.8, 0.4; negatives 0.4, 0.2.
        // Pairs: 0.8>0.4 (1), 0.8>0.2 (1), 0.4=0.4 (0.5), 0.4>0.2 (1) → 3.5 / 4 = 0.875.
        bool[] positive = [true, true, false, false];
        double[] score = [0.8, 0.4, 0.4, 0.2];

        // Act
        double auc = ClassificationMetrics.Auc(positive, score);

        // Assert
        Assert.Equal(0.875, auc, 12);
    }

    [Fact]
    public void Auc_AllScoresTied_IsOneHalf()
    {
        // Arrange
        bool[] positive = [true, false, true, false, false];
        double[] score = [0.3, 0.3, 0.3, 0.3, 0.3];

        // Act
        double auc = ClassificationMetrics.Auc(positive, score);

        // Assert
        Assert.Equal(0.5, auc, 12);
    }

    [Fact]
    public void Auc_ClassWithNoPositives_IsUndefined()
    {
        // Arrange
        bool[] positive = [false, false, false];
        double[] score = [0.1, 0.5, 0.9];

        // Act
        double auc = ClassificationMetrics.Auc(positive, score);

        // Assert
        Assert.True(double.IsNaN(auc));
    }

    [Fact]
    public void AverageRanks_Ties_ShareTheMeanRank()
    {
        // Arrange: sorted 0.1 (rank 1), 0.5 0.5 0.5 (ranks 2,3,4 → 3), 0.9 (rank 5).
        double[] values = [0.5, 0.1, 0.5, 0.9, 0.5];

        // Act
        var ranks = ClassificationMetrics.AverageRanks(values);

        // Assert
        Assert.Equal([3.0, 1.0, 3.0, 5.0, 3.0], ranks);
    }

    [Fact]
    public void MacroAuc_ClassWithNoPositives_IsLeftOutOfTheMean()
    {
        // Arrange: class 0 (rows 0,1: 0.7, 0.6 vs 0.2, 0.5) separates perfectly → 1.0.
        // Class 1 (rows 2,3: 0.7, 0.25 vs 0.2, 0.3): 0.7>0.2, 0.7>0.3, 0.25>0.2, 0.25<0.3 → 3/4.
        // Class 2 has no positives: undefined, so the mean is (1 + 0.75) / 2, not over three classes.
        int[] truth = [0, 0, 1, 1];
        float[][] probabilities = [[0.7f, 0.2f, 0.1f], [0.6f, 0.3f, 0.1f], [0.2f, 0.7f, 0.1f], [0.5f, 0.25f, 0.25f]];

        // Act
        double macro = ClassificationMetrics.MacroAuc(truth, probabilities, 3);

        // Assert
        Assert.Equal(0.875, macro, 12);
    }

    [Fact]
    public void BalancedAccuracy_AbsentClass_AveragesOnlyPresentClasses()
    {
        // Arrange: class 0 recall 2/3, class 1 recall 1/1, class 2 absent → (2/3 + 1) / 2 = 5/6.
        int[] truth = [0, 0, 0, 1];
        int[] predicted = [0, 0, 1, 1];

        // Act
        double balanced = ClassificationMetrics.BalancedAccuracy(truth, predicted, 3);
        double accuracy = ClassificationMetrics.Accuracy(truth, predicted);

        // Assert
        Assert.Equal(5.0 / 6.0, balanced, 12);
        Assert.Equal(0.75, accuracy, 12);
    }

    [Fact]
    public void PrecisionRecallF1_PerClass_MatchTheConfusionMatrix()
    {
        // Arrange: matrix rows truth / columns predicted = [[2,1,0],[0,1,0],[0,0,0]].
        // Class 0: precision 2/2, recall 2/3, F1 = 2*1*(2/3)/(1+2/3) = 0.8.
        // Class 1: precision 1/2, recall 1/1, F1 = 2/3. Class 2: neither true nor predicted → undefined.
        int[] truth = [0, 0, 0, 1];
        int[] predicted = [0, 0, 1, 1];

        // Act
        var matrix = ClassificationMetrics.ConfusionMatrix(truth, predicted, 3);
        var precision = ClassificationMetrics.Precision(truth, predicted, 3);
        var recall = ClassificationMetrics.Recall(truth, predicted, 3);

        // Assert
        Assert.Equal(2, matrix[0, 0]);
        Assert.Equal(1, matrix[0, 1]);
        Assert.Equal(1, matrix[1, 1]);
        Assert.Equal(1.0, precision[0], 12);
        Assert.Equal(0.5, precision[1], 12);
        Assert.True(double.IsNaN(precision[2]));
        Assert.Equal(0.8, ClassificationMetrics.F1(precision[0], recall[0]), 12);
        Assert.Equal(2.0 / 3.0, ClassificationMetrics.F1(precision[1], recall[1]), 12);
        Assert.True(double.IsNaN(ClassificationMetrics.F1(precision[2], recall[2])));
        Assert.Equal(0.0, ClassificationMetrics.F1(0, 0));
    }

    [Fact]
    public void ExpectedCalibrationError_FifteenBins_WeightsEachBinByItsShare()
    {
        // Arrange: confidences 0.9 (right), 0.9 (wrong) share bin (0.867, 0.933]: |0.5 - 0.9| × 2/4 = 0.2.
        // 0.65 (wrong) alone in (0.6, 0.667]: |0 - 0.65| × 1/4 = 0.1625. 0.7 (right) in (0.667, 0.733]:
        // |1 - 0.7| × 1/4 = 0.075. ECE = 0.4375 (training's Python gives 0.43749999 on the same float32 input).
        int[] truth = [0, 1, 1, 1];
        float[][] probabilities = [[0.9f, 0.1f], [0.65f, 0.35f], [0.3f, 0.7f], [0.9f, 0.1f]];

        // Act
        double ece = CalibrationMetrics.ExpectedCalibrationError(truth, probabilities, 15);

        // Assert
        Assert.Equal(0.4375, ece, 6);
    }

    [Fact]
    public void Reliability_ConfidenceOnABinEdge_FallsInTheLowerBin()
    {
        // Arrange: bins are (lower, upper]; confidence exactly 1 is in the last bin, 0.5 in (0.467, 0.533].
        int[] truth = [0, 0];
        float[][] probabilities = [[1f, 0f], [0.5f, 0.5f]];

        // Act
        var bins = CalibrationMetrics.Reliability(truth, probabilities, 15);

        // Assert
        Assert.Equal(1, bins[14].Count);
        Assert.Equal(1, bins[7].Count);
        Assert.Equal(2, bins.Sum(b => b.Count));
    }

    [Fact]
    public void SensitivitySpecificity_ScoreEqualToThreshold_CountsAsPositiveCall()
    {
        // Arrange: positives 0.5 (called), 0.1 (missed) → 1/2; negatives 0.5 (false alarm), 0.2, 0.05 → 2/3.
        bool[] positive = [true, true, false, false, false];
        double[] score = [0.5, 0.1, 0.5, 0.2, 0.05];

        // Act
        var (sensitivity, specificity) = ClassificationMetrics.SensitivitySpecificity(positive, score, 0.5);

        // Assert
        Assert.Equal(0.5, sensitivity, 12);
        Assert.Equal(2.0 / 3.0, specificity, 12);
    }

    [Fact]
    public void SensitivitySpecificity_NoPositives_SensitivityIsUndefined()
    {
        // Arrange
        bool[] positive = [false, false];
        double[] score = [0.9, 0.1];

        // Act
        var (sensitivity, specificity) = ClassificationMetrics.SensitivitySpecificity(positive, score, 0.5);

        // Assert
        Assert.True(double.IsNaN(sensitivity));
        Assert.Equal(0.5, specificity, 12);
    }
}
