using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SkinLesion.Web.Setup;

public static class StrictBinding
{
    /// <summary>
    /// Binds the section and refuses a key the options type does not have, so the start fails naming it: a misspelt
    /// SkinLesion:Audit:SqliteSynchronus=Full otherwise left the store at its default durability without a word. A section
    /// under SkinLesion that nothing binds is refused too (<see cref="ConfigurationSectionsValidator"/>).
    /// </summary>
    public static OptionsBuilder<TOptions> BindConfigurationStrictly<TOptions>(this OptionsBuilder<TOptions> builder, string sectionName)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(new BoundSection(sectionName));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConfigurationSections>, ConfigurationSectionsValidator>());
        builder.Services.AddOptions<ConfigurationSections>().ValidateOnStart();
        return builder.BindConfiguration(sectionName, binder => binder.ErrorOnUnknownConfiguration = true);
    }
}
