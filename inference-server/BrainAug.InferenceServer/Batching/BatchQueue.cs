using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using BrainAug.InferenceServer.Models;

namespace BrainAug.InferenceServer.Batching;

/// <summary>How one model version merges concurrent requests.</summary>
public sealed record BatchSettings(int MaxBatchSize, TimeSpan MaxDelay, int MaxQueuedRequests);

/// <summary>The queue was full: the caller should answer RESOURCE_EXHAUSTED.</summary>
public sealed class QueueFullException(string message) : Exception(message);

/// <summary>
/// Merges concurrent requests for one model version into batches of up to MaxBatchSize samples: requests already
/// waiting join at once, and while callers are concurrent (the last run served several requests) the first request
/// also waits at most MaxDelay for more; then one ONNX Runtime run serves them all. A lone caller never waits for
/// company that is not coming (that added the whole delay to each of its calls). A request larger than the batch
/// size runs alone, in chunks. Cancelled requests are dropped before they run.
/// </summary>
public sealed class BatchQueue : IDisposable
{
    private readonly OnnxModel _model;
    private readonly BatchSettings _settings;
    private readonly Action<BatchRun> _observe;
    private readonly Channel<BatchRequest> _channel;
    private readonly float[] _input;
    private readonly Task _loop;
    private int _lastBatchRequests;

    public BatchQueue(OnnxModel model, BatchSettings settings, Action<BatchRun> observe)
    {
        _model = model;
        _settings = settings;
        _observe = observe;
        _channel = Channel.CreateBounded<BatchRequest>(new BoundedChannelOptions(settings.MaxQueuedRequests)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _input = new float[settings.MaxBatchSize * model.SampleLength];
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Runs <paramref name="count"/> samples; <paramref name="writeInput"/>(destination, first, n) writes
    /// samples first..first+n-1. Returns each output's values for the samples, as little-endian float32 bytes.</summary>
    public Task<byte[][]> RunAsync(int count, Action<Span<float>, int, int> writeInput, CancellationToken cancellation)
    {
        var request = new BatchRequest(count, writeInput, cancellation);
        if (!_channel.Writer.TryWrite(request))
            throw new QueueFullException($"{_settings.MaxQueuedRequests} requests are already queued for this model; retry later");
        return request.Done.Task.WaitAsync(cancellation);
    }

    /// <summary>Stops taking requests; those queued still run.</summary>
    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(30));
    }

    private async Task LoopAsync()
    {
        BatchRequest? carried = null;
        while (carried is not null || await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var first = carried;
            carried = null;
            if (first is null && !_channel.Reader.TryRead(out first)) continue;
            var batch = new List<BatchRequest> { first };
            carried = await FillAsync(batch, first.Count, waitForMore: _lastBatchRequests > 1).ConfigureAwait(false);
            _lastBatchRequests = batch.Count;
            Execute(batch);
        }
    }

    /// <summary>Adds waiting requests until the batch is full or (when <paramref name="waitForMore"/>) the delay is
    /// over; returns a request that did not fit.</summary>
    private async Task<BatchRequest?> FillAsync(List<BatchRequest> batch, int total, bool waitForMore)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_settings.MaxDelay.TotalSeconds * Stopwatch.Frequency);
        while (total < _settings.MaxBatchSize)
        {
            if (_channel.Reader.TryRead(out var next))
            {
                if (total + next.Count > _settings.MaxBatchSize) return next;
                batch.Add(next);
                total += next.Count;
                continue;
            }
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (!waitForMore || remaining <= TimeSpan.Zero) break;
            using var timeout = new CancellationTokenSource(remaining);
            try
            {
                if (!await _channel.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false)) break;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return null;
    }

    private void Execute(List<BatchRequest> batch)
    {
        batch.RemoveAll(r => r.Cancellation.IsCancellationRequested && r.Done.TrySetCanceled(r.Cancellation));
        if (batch.Count == 0) return;
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var request in batch)
                request.Outputs = [.. Enumerable.Range(0, _model.OutputNames.Count).Select(o => new byte[request.Count * _model.OutputSampleLength(o) * sizeof(float)])];
            if (batch.Count == 1 && batch[0].Count > _settings.MaxBatchSize) RunInChunks(batch[0]);
            else RunTogether(batch);
            var computeSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _observe(new BatchRun(batch.Sum(r => r.Count), computeSeconds, [.. batch.Select(r => Stopwatch.GetElapsedTime(r.Enqueued, started).TotalSeconds)]));
            foreach (var request in batch) request.Done.TrySetResult(request.Outputs!);
        }
        catch (Exception e)
        {
            foreach (var request in batch) request.Done.TrySetException(e);
        }
    }

    private void RunTogether(List<BatchRequest> batch)
    {
        var sampleLength = _model.SampleLength;
        var offset = 0;
        foreach (var request in batch)
        {
            request.WriteInput(_input.AsSpan(offset * sampleLength, request.Count * sampleLength), 0, request.Count);
            offset += request.Count;
        }
        _model.Run(_input, offset, (output, values) =>
        {
            var length = _model.OutputSampleLength(output);
            var from = 0;
            foreach (var request in batch)
            {
                values.Slice(from * length, request.Count * length).CopyTo(MemoryMarshal.Cast<byte, float>(request.Outputs![output].AsSpan()));
                from += request.Count;
            }
        });
    }

    private void RunInChunks(BatchRequest request)
    {
        for (var first = 0; first < request.Count; first += _settings.MaxBatchSize)
        {
            var n = Math.Min(_settings.MaxBatchSize, request.Count - first);
            request.Cancellation.ThrowIfCancellationRequested();
            request.WriteInput(_input.AsSpan(0, n * _model.SampleLength), first, n);
            var start = first;
            _model.Run(_input, n, (output, values) =>
            {
                var length = _model.OutputSampleLength(output);
                values.CopyTo(MemoryMarshal.Cast<byte, float>(request.Outputs![output].AsSpan()).Slice(start * length, n * length));
            });
        }
    }

    private sealed class BatchRequest(int count, Action<Span<float>, int, int> writeInput, CancellationToken cancellation)
    {
        public int Count { get; } = count;

        public Action<Span<float>, int, int> WriteInput { get; } = writeInput;

        public CancellationToken Cancellation { get; } = cancellation;

        public long Enqueued { get; } = Stopwatch.GetTimestamp();

        public byte[][]? Outputs { get; set; }

        public TaskCompletionSource<byte[][]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>What one ONNX Runtime run did, for metrics: samples, compute time, and each request's queue time.</summary>
public sealed record BatchRun(int Samples, double ComputeSeconds, double[] QueueSeconds);
