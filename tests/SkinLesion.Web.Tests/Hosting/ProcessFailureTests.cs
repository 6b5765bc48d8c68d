using SkinLesion.Web.Hosting;

namespace SkinLesion.Web.Tests.Hosting;

/// <summary>What a process ended by an exception writes (the published server's tests run the whole process and its exit code).</summary>
public sealed class ProcessFailureTests
{
    [Fact]
    public void Report_Failure_TheReasonsOnOneLineThenTheStackTrace()
    {
        // Arrange
        using var error = new StringWriter();
        Exception failure;
        try
        {
            throw new InvalidOperationException("The audit store cannot be opened.", new IOException("Permission denied"));
        }
        catch (InvalidOperationException thrown)
        {
            failure = thrown;
        }

        // Act
        ProcessFailure.Report(failure, error);

        // Assert
        string[] lines = error.ToString().Split(Environment.NewLine);
        Assert.Equal(ProcessFailure.Prefix + "The audit store cannot be opened: Permission denied.", lines[0]);
        Assert.StartsWith("System.InvalidOperationException: The audit store cannot be opened.", lines[1], StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains(nameof(Report_Failure_TheReasonsOnOneLineThenTheStackTrace), StringComparison.Ordinal));
    }

    [Fact]
    public void Reasons_FailuresSideBySide_SeparatedAndEachChainKept()
    {
        // Arrange: two hosted services failed; the second's message repeats its cause's, which is said once.
        var failure = new AggregateException(
            new InvalidOperationException("Model: bad manifest", new FileNotFoundException("no file")),
            new TimeoutException("Audit store did not answer", new TimeoutException("Audit store did not answer.")));

        // Act
        string reasons = ProcessFailure.Reasons(failure);

        // Assert
        Assert.Equal("Model: bad manifest: no file; Audit store did not answer.", reasons);
    }

    [Fact]
    public void Reasons_MessageSpreadOverLinesOrEmpty_OneLineNamingTheType()
    {
        // Arrange
        var failure = new InvalidOperationException("First line.\nSecond line.", new EmptyMessageException());

        // Act
        string reasons = ProcessFailure.Reasons(failure);

        // Assert
        Assert.Equal($"First line. Second line: {typeof(EmptyMessageException).FullName}.", reasons);
    }

    private sealed class EmptyMessageException : Exception
    {
        public override string Message => "";
    }
}
