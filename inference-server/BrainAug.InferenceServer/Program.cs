using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BrainAug.Contracts;
using BrainAug.InferenceServer;
using BrainAug.InferenceServer.Configuration;
using BrainAug.InferenceServer.Models;
using BrainAug.InferenceServer.Security;
using BrainAug.InferenceServer.Services;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;

var commandLine = CommandLine.Parse(args);
if (commandLine.WantsInformation)
{
    commandLine.ShowInformation();
    return 0;
}
if (commandLine.Problems.Count > 0) return Fail(commandLine.Problems);
var switches = commandLine.Values;

// Configuration: appsettings.json next to the executable, then BRAINAUG_* environment variables, then the command line.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables("BRAINAUG_").AddInMemoryCollection(switches);
ServerOptions options;
try
{
    options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
}
catch (InvalidOperationException e)
{
    return Fail([e.InnerException?.Message ?? e.Message]);
}
if (options.Problems().ToList() is { Count: > 0 } invalid) return Fail(invalid);
X509Certificate2? certificate;
try
{
    certificate = LoadCertificate(options);
}
catch (CryptographicException e)
{
    return Fail([$"cannot read the TLS certificate {options.TlsCertificate}: {e.Message}"]);
}

ListenOptions? grpcEndpoint = null;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    var address = IPAddress.Parse(options.Address);
    kestrel.Listen(address, options.Port, listen =>
    {
        grpcEndpoint = listen;
        // Plain-text gRPC needs HTTP/2 with prior knowledge; with TLS, ALPN negotiates it.
        listen.Protocols = certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
        if (certificate is not null) listen.UseHttps(certificate);
    });
    if (options.MetricsPort > 0) kestrel.Listen(address, options.MetricsPort, listen => listen.Protocols = HttpProtocols.Http1);
});
// A failed start (a port in use, say) is reported below as one line; the host would log it again with a stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownSeconds));

builder.Services.AddSingleton(options);
builder.Services.AddSingleton<ModelCatalog>();
builder.Services.AddSingleton<SessionFactory>();
builder.Services.AddSingleton<ServerMetrics>();
builder.Services.AddSingleton<ModelAccess>();
builder.Services.AddSingleton<SharedMemoryRegions>();
builder.Services.AddSingleton<HealthServiceImpl>();
builder.Services.AddSingleton<HealthReporter>();
builder.Services.AddHostedService<RepositoryWatcher>();
builder.Services.AddGrpc(grpc =>
{
    grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
    grpc.MaxSendMessageSize = options.MaxMessageBytes;
    grpc.Interceptors.Add<FailureMetricsInterceptor>();
    if (options.Token.Length > 0) grpc.Interceptors.Add<BearerTokenInterceptor>();
});
builder.Services.AddGrpcReflection();

var app = builder.Build();
var health = app.Services.GetRequiredService<HealthReporter>();
app.MapGrpcService<InferenceService>();
app.MapGrpcService<OpenInferenceService>();
app.MapGrpcService<HealthServiceImpl>();
app.MapGrpcReflectionService();
if (options.MetricsPort > 0) app.MapMetrics().RequireHost($"*:{options.MetricsPort}");

app.Lifetime.ApplicationStarted.Register(() =>
{
    // Kestrel puts the bound endpoint back into the listen options, so with --port 0 this is the port it was given.
    var port = (grpcEndpoint?.IPEndPoint?.Port) ?? options.Port;
    Log.Listening(app.Logger, certificate is null ? "http" : "https", options.Address, port,
        options.Token.Length > 0 ? "bearer token" : "none", options.MetricsPort > 0 ? $"http://{options.Address}:{options.MetricsPort}/metrics" : "off");
    if (options.PortFile.Length > 0) AtomicFile.WriteAllText(options.PortFile, port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
});
app.Lifetime.ApplicationStopping.Register(health.Stopping);
try
{
    await app.RunAsync();
}
catch (IOException e)
{
    var metrics = options.MetricsPort > 0 ? $" or metrics port {options.MetricsPort}" : "";
    return Fail([$"cannot listen on {options.Address}:{options.Port}{metrics}: {e.Message}"]);
}
return 0;

static X509Certificate2? LoadCertificate(ServerOptions options) =>
    options.TlsCertificate.Length == 0 ? null
    : options.TlsKey.Length > 0 ? X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey)
    : X509CertificateLoader.LoadPkcs12FromFile(options.TlsCertificate, options.TlsPassword.Length > 0 ? options.TlsPassword : null);

static int Fail(IEnumerable<string> problems)
{
    foreach (var problem in problems) Console.Error.WriteLine($"brainaug-server: {problem}");
    return 2;
}
