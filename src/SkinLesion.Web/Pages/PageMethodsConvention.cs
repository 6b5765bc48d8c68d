using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;

namespace SkinLesion.Web.Pages;

/// <summary>
/// Lets each page's endpoint match only the methods its handlers take (GET brings HEAD, as Razor Pages answers HEAD with
/// the GET handler), so routing answers any other method with 405 and an Allow header. Razor Pages matches every method
/// by default: a PUT or DELETE to the upload page rendered it with 200, and a POST to the model page was refused for its
/// missing antiforgery token as if it were a bad form. The error page is exempt: the error handlers re-execute it with
/// the failed request's own method, whatever that was.
/// </summary>
internal sealed class PageMethodsConvention(string exemptPage) : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.Equals(model.ViewEnginePath, exemptPage, StringComparison.Ordinal))
        {
            return;
        }

        var methods = model.HandlerMethods
            .Select(handler => handler.HttpMethod.ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // A page without handlers renders on GET; an empty list would mean every method to routing.
        if (methods.Count == 0)
        {
            methods.Add(HttpMethods.Get);
        }

        if (methods.Contains(HttpMethods.Get))
        {
            methods.Add(HttpMethods.Head);
        }

        model.EndpointMetadata.Add(new HttpMethodMetadata(methods));
    }
}
