using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SkinLesion.Web.Setup;

public static class LoggingSetup
{
    private const int StdoutBufferBytes = 16 * 1024;

    /// <summary>
    /// Outside Development the console speaks JSON, one object a line, for the log collector. Scopes are included:
    /// ASP.NET Core opens one per request with its RequestId (the requestId of every answer and audit record), so
    /// every line written while a request runs carries it. The log messages themselves are structured fields only
    /// (Api/ClassificationLog.cs): never a file name, EXIF or image bytes. Development keeps the readable console.
    /// </summary>
    public static WebApplicationBuilder AddSkinLesionLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Environment.IsDevelopment())
        {
            // The console's own writer hands stdout 256 bytes at a time, so a classification's 3 KB line took a dozen
            // write calls, on the cores the next request needs. One buffer the size of a line makes it one; AutoFlush
            // keeps every line out as soon as it is written, and Console.SetOut makes the writer thread-safe.
            Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), StdoutBufferBytes) { AutoFlush = true });
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

                // The default encoder escapes quotes, apostrophes and every non-ASCII letter (\u0027), meant for
                // JSON embedded in HTML; a log line is read by a collector and by people searching for a message.
                options.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        return builder;
    }
}
