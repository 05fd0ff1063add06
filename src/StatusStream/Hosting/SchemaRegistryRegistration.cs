using Confluent.SchemaRegistry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Intake;
using StatusStream.Serialization;
using StatusStream.Settings;

namespace StatusStream.Hosting;

internal static class SchemaRegistryRegistration
{
    /// <summary>
    /// Schema Registry support: the options are bound and validated always (a typo in the section stops the host even
    /// when it is off); the registry client, the schema id cache and the wire-format intake are registered only when
    /// <see cref="SchemaRegistryOptions.Url"/> is set. Without them the Kafka transport and the record path take their
    /// optional dependencies as absent, so no registry code runs on the hot path.
    /// </summary>
    public static IHostApplicationBuilder AddSchemaRegistry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SchemaRegistryOptions, SchemaRegistryOptionsValidator>(builder.Configuration, SchemaRegistryOptions.SectionName);
        var url = builder.Configuration[$"{SchemaRegistryOptions.SectionName}:{nameof(SchemaRegistryOptions.Url)}"];
        if (string.IsNullOrWhiteSpace(url))
        {
            return builder;
        }

        services.AddSingleton<ISchemaRegistryClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value;
            SchemaRegistryLog.Enabled(sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaRegistryRegistration).FullName!),
                options.DisplayUrl, options.UserInfo is not null, options.AutoRegisterSchemas);
            return new CachedSchemaRegistryClient(SchemaRegistryClientConfig.From(options));
        });
        services.AddSingleton<CallbackSchemaIds>();
        services.AddSingleton<WireFormatInput>();
        return builder;
    }
}
