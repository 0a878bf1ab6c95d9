using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BrainAug.Protos.Inference;
using BrainAug.Protos.V1;
using BrainAug.TestSupport;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace BrainAug.InferenceServer.Tests;

/// <summary>Bearer-token authentication and TLS.</summary>
[Collection(ServerCollection.Name)]
public sealed class SecurityTests(ModelsFixture models) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private const string Token = "s3cret-token";

    [Fact]
    public async Task TokenSet_CallsWithoutOrWithWrongTokenAreUnauthenticated()
    {
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true), ["--token", Token]);
        var request = new SegmentRequest { Image = Tensors.Images(1) };

        var missing = await Assert.ThrowsAsync<RpcException>(() => server.Client().SegmentAsync(request).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => server.Client().SegmentAsync(request, Bearer("not-it")).ResponseAsync);
        var listing = await Assert.ThrowsAsync<RpcException>(() => server.Client().ListModelsAsync(new ListModelsRequest()).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated, StatusCode.Unauthenticated), (missing.StatusCode, wrong.StatusCode, listing.StatusCode));
        Assert.Contains("authorization: Bearer <token>", missing.Status.Detail);
        Assert.Contains("wrong", wrong.Status.Detail);
    }

    [Fact]
    public async Task TokenSet_OpenInferenceCallsNeedItToo()
    {
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true), ["--token", Token, "--allow-shared-memory", "true"]);
        var oip = server.OpenInference();
        var infer = new ModelInferRequest { ModelName = "seg-dnn", RawInputContents = { Tensors.Images(1).Data } };
        infer.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "FP32", Shape = { 1, 1, 32, 32 } });

        var refused = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => oip.ModelInferAsync(infer).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => oip.ModelInferAsync(infer, Bearer("not-it")).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => oip.ModelMetadataAsync(new ModelMetadataRequest { Name = "seg-dnn" }).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => oip.ServerReadyAsync(new ServerReadyRequest()).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => oip.SystemSharedMemoryStatusAsync(new SystemSharedMemoryStatusRequest()).ResponseAsync),
        };
        var served = await oip.ModelInferAsync(infer, Bearer(Token));

        Assert.All(refused, e => Assert.Equal(StatusCode.Unauthenticated, e.StatusCode));
        Assert.Equal(4096, served.RawOutputContents.Single().Length);
    }

    [Fact]
    public async Task TokenSet_RightTokenServedAndHealthNeedsNone()
    {
        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true), ["--token", Token]);

        var response = await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) }, Bearer(Token));

        Assert.Equal(4096, response.Probability.Data.Length);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await server.HealthAsync());
    }

    [Fact]
    public async Task NoTokenSet_CallsNeedNone()
    {
        var server = await models.SharedServerAsync();

        var response = await server.Client().ListModelsAsync(new ListModelsRequest());

        Assert.Equal(3, response.Models.Count);
    }

    [Fact]
    public async Task Tls_ClientTrustingTheCertificateIsServed_PlainTextClientIsNot()
    {
        var folder = _temp.NewFolder();
        using var certificate = SelfSigned();
        var (certPath, keyPath) = (Path.Combine(folder, "server.crt"), Path.Combine(folder, "server.key"));
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        await using var server = await ServerProcess.StartAsync(models.NewRepository(copyModels: true),
            ["--tls-certificate", certPath, "--tls-key", keyPath], waitForServing: false, scheme: "https", trust: certificate);
        await server.WaitForHealthAsync(HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(60));

        var response = await server.Client().SegmentAsync(new SegmentRequest { Image = Tensors.Images(1) });
        Assert.Equal(4096, response.Probability.Data.Length);

        using var plain = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Port}");
        var error = await Assert.ThrowsAsync<RpcException>(() => new Inference.InferenceClient(plain)
            .ListModelsAsync(new ListModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        using var untrusting = GrpcChannel.ForAddress(server.Address);
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Inference.InferenceClient(untrusting)
            .ListModelsAsync(new ListModelsRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        Assert.Contains("SSL connection could not be established", refused.Status.Detail); // a self-signed certificate is not trusted by default
    }

    private static Metadata Bearer(string token) => [new("authorization", $"Bearer {token}")];

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
