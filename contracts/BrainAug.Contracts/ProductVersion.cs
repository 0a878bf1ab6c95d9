using System.Reflection;

namespace BrainAug.Contracts;

/// <summary>
/// The version of the BrainAug build that is running, as every tool's --version prints it: Directory.Build.props'
/// Version, then "+" and the git commit the SDK stamps into every assembly. The files the tools write carry it so
/// that a model, a training run or a report can be traced to the code that made it.
/// </summary>
public static class ProductVersion
{
    public static string Current { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
