using Microsoft.Extensions.Options;

namespace StatusStream.Hosting;

/// <summary>Recognises the exceptions bad configuration causes at start-up, so they print as one clear line each.</summary>
internal static class ConfigurationError
{
    private const string BinderAssembly = "Microsoft.Extensions.Configuration.Binder";

    public static bool TryDescribe(Exception exception, out IReadOnlyList<string> messages)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                messages = validation.Failures.ToList();
                return true;
            case InvalidOperationException binding when binding.Source == BinderAssembly:
                // e.g. "Failed to convert configuration value at 'Pipeline:MaxInFlightStatuses' to type 'System.Int32'."
                messages = [binding.Message];
                return true;
            default:
                messages = [];
                return false;
        }
    }
}
