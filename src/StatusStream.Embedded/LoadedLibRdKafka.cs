using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace StatusStream.Embedded;

/// <summary>
/// Binds the mock cluster's P/Invokes to the very librdkafka that Confluent.Kafka loaded, never a
/// second copy: a second copy would be a second set of globals, and a cluster created in one copy
/// is invisible to clients of the other.
/// </summary>
/// <remarks>
/// Why not <c>[DllImport("librdkafka")]</c>: the official librdkafka.redist ships several files per
/// platform (<c>librdkafka.so</c>, <c>centos8-librdkafka.so</c>, <c>alpine-librdkafka.so</c>,
/// <c>librdkafka.dylib</c>, <c>librdkafka.dll</c>) and Confluent.Kafka picks one at run time by
/// trying them in turn (on Debian 12 the plain one needs libsasl2.so.3, which is missing, so it
/// falls back to the centos8 one). The bare name resolves to none of them on these machines. So
/// the imports use a private name, and this resolver answers it with the file Confluent.Kafka has
/// already mapped into the process; loading an already-loaded path returns the same instance.
/// </remarks>
internal static partial class LoadedLibRdKafka
{
    /// <summary>The library name the P/Invokes of <see cref="LibRdKafkaMock"/> import from.</summary>
    public const string ImportName = "statusstream-loaded-librdkafka";

    private static readonly Lazy<nint> Handle = new(LoadSameCopy, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the resolver for this assembly; call once, before the first P/Invoke.</summary>
    public static void Register(Assembly assembly) =>
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => name == ImportName ? Handle.Value : 0);

    /// <summary>Whether a file name is one of librdkafka's shipped variants (not librdkafkacpp).</summary>
    public static bool IsLibRdKafkaFileName(string fileName) => VariantName().IsMatch(fileName);

    /// <summary>
    /// The distinct paths of librdkafka files mapped into this process. Process.Modules reads
    /// /proc/self/maps on Linux and the loader's module list on macOS and Windows.
    /// </summary>
    public static IReadOnlyList<string> LoadedPaths()
    {
        using var self = Process.GetCurrentProcess();
        return self.Modules.Cast<ProcessModule>()
            .Where(module => IsLibRdKafkaFileName(Path.GetFileName(module.FileName)))
            .Select(module => module.FileName)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    private static nint LoadSameCopy()
    {
        string version;
        try
        {
            // Makes Confluent.Kafka load its native library now, the way it always does.
            version = Confluent.Kafka.Library.VersionString;
        }
        catch (Exception e) when (e is DllNotFoundException or InvalidOperationException or TypeInitializationException)
        {
            throw new DllNotFoundException(
                "The embedded Kafka cluster needs the native librdkafka that Confluent.Kafka loads, and Confluent.Kafka " +
                $"could not load one: {e.Message} (the librdkafka.redist package puts it in runtimes/<rid>/native/ next to the app).", e);
        }

        var paths = LoadedPaths();
        return paths.Count switch
        {
            1 => NativeLibrary.Load(paths[0]),
            0 => throw new DllNotFoundException(
                $"Confluent.Kafka reports librdkafka {version}, but no librdkafka file is mapped into this process " +
                "(looked for librdkafka.so, <variant>-librdkafka.so, librdkafka.dylib, librdkafka.dll)."),
            _ => throw new DllNotFoundException(
                "More than one librdkafka is loaded into this process, so the embedded cluster cannot tell which one " +
                $"Confluent.Kafka uses: {string.Join(", ", paths)}."),
        };
    }

    [GeneratedRegex(@"^([a-z0-9]+-)?librdkafka\.(so(\.[0-9]+)*|dylib|dll)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VariantName();
}
