using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SkinLesion.Web.Uploads;

namespace SkinLesion.Web.Setup;

public static class UploadSetup
{
    /// <summary>The upload options (validated at startup) and the reader that turns a request into image bytes.</summary>
    public static WebApplicationBuilder AddImageUploads(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<UploadOptions>()
            .BindConfigurationStrictly(UploadOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ImageUploadReader>();
        return builder;
    }

    /// <summary>The request size limits of the server and of form binding, taken from the upload options; they produce the 413s.</summary>
    public static WebApplicationBuilder AddUploadLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Three layers agree on one number: Kestrel stops reading past the cap (plus multipart
        // framing), form binding uses the same cap, and ImageUploadReader counts the bytes itself
        // (the in-memory test server has no Kestrel limits).
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<UploadOptions>>((kestrel, upload) => kestrel.Limits.MaxRequestBodySize = upload.Value.MaxRequestBodyBytes);
        builder.Services.AddOptions<FormOptions>()
            .Configure<IOptions<UploadOptions>>((form, upload) =>
            {
                form.MultipartBodyLengthLimit = upload.Value.MaxBytes;
                form.MemoryBufferThreshold = (int)Math.Min(int.MaxValue, upload.Value.MaxRequestBodyBytes);
            });
        return builder;
    }
}
