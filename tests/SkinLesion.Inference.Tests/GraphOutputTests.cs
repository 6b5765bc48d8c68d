using SkinLesion.Inference.Model;

namespace SkinLesion.Inference.Tests;

/// <summary>A graph answer that is not a number fails the request: compared with a threshold, NaN reads as benign and accepted.</summary>
public sealed class GraphOutputTests
{
    private static readonly float[] Probabilities = [0.05f, 0.05f, 0.1f, 0.05f, 0.15f, 0.55f, 0.05f];

    [Fact]
    public void ThrowIfNotFinite_FiniteOutputs_DoesNotThrow()
    {
        // Arrange
        var output = new GraphOutput(Probabilities, [1f, -2f], [0.5f], null);

        // Act
        var thrown = Record.Exception(output.ThrowIfNotFinite);

        // Assert
        Assert.Null(thrown);
    }

    [Theory]
    [InlineData("probabilities", float.NaN, 1f, 1f)]
    [InlineData("probabilities", 1.5f, 1f, 1f)]
    [InlineData("embedding", 0.1f, float.NaN, 1f)]
    [InlineData("embedding", 0.1f, float.PositiveInfinity, 1f)]
    [InlineData("early statistics", 0.1f, 1f, float.NegativeInfinity)]
    public void ThrowIfNotFinite_AValueThatIsNotANumberOrNoProbability_ThrowsNamingTheOutput(string named, float firstProbability, float embedding, float early)
    {
        // Arrange
        float[] probabilities = [.. Probabilities];
        probabilities[0] = firstProbability;
        var output = new GraphOutput(probabilities, [0f, embedding], [early], null);

        // Act
        var thrown = Assert.Throws<InvalidOperationException>(output.ThrowIfNotFinite);

        // Assert
        Assert.Contains($"model's {named} output", thrown.Message, StringComparison.Ordinal);
    }
}
