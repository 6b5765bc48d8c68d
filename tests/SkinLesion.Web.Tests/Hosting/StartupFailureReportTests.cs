using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Tests.Hosting;

/// <summary>The line a failed start leaves on standard error (the published server's tests run the whole process).</summary>
public sealed class StartupFailureReportTests
{
    [Fact]
    public void Report_FailureTheHostLogged_WritesOneLineAndReturnsExitCodeOne()
    {
        // Arrange
        using var error = new StringWriter();
        var failure = new InvalidOperationException("The audit store cannot be opened.", new IOException("Permission denied"));

        // Act
        int exitCode = StartupFailure.Report(failure, logged: true, error);

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal(
            StartupFailure.Prefix + "The audit store cannot be opened: Permission denied." + Environment.NewLine,
            error.ToString());
    }

    [Fact]
    public void Report_FailureBeforeTheHostHadALogger_AddsTheStackTrace()
    {
        // Arrange
        using var error = new StringWriter();
        Exception failure;
        try
        {
            throw new FormatException("Could not parse the JSON file.");
        }
        catch (FormatException thrown)
        {
            failure = thrown;
        }

        // Act
        StartupFailure.Report(failure, logged: false, error);

        // Assert
        string[] lines = error.ToString().Split(Environment.NewLine);
        Assert.Equal(StartupFailure.Prefix + "Could not parse the JSON file.", lines[0]);
        Assert.StartsWith("System.FormatException: Could not parse the JSON file.", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains(nameof(Report_FailureBeforeTheHostHadALogger_AddsTheStackTrace), StringComparison.Ordinal));
    }

    [Fact]
    public void Reasons_FailuresSideBySide_SeparatedAndEachChainKept()
    {
        // Arrange: two hosted services failed; the second's message repeats its cause's, which is said once.
        var failure = new AggregateException(
            new InvalidOperationException("Model: bad manifest", new FileNotFoundException("no file")),
            new TimeoutException("Audit store did not answer", new TimeoutException("Audit store did not answer.")));

        // Act
        string reasons = StartupFailure.Reasons(failure);

        // Assert
        Assert.Equal("Model: bad manifest: no file; Audit store did not answer.", reasons);
    }

    [Fact]
    public void Reasons_MessageSpreadOverLinesOrEmpty_OneLineNamingTheType()
    {
        // Arrange
        var failure = new InvalidOperationException("First line.\nSecond line.", new EmptyMessageException());

        // Act
        string reasons = StartupFailure.Reasons(failure);

        // Assert
        Assert.Equal($"First line. Second line: {typeof(EmptyMessageException).FullName}.", reasons);
    }

    private sealed class EmptyMessageException : Exception
    {
        public override string Message => "";
    }
}
