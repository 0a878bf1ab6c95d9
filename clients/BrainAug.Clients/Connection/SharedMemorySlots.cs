using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using BrainAug.Protos.Inference;
using Grpc.Core;

namespace BrainAug.Clients.Connection;

/// <summary>
/// --shared-memory: POSIX shared-memory objects in /dev/shm that a server on this machine reads the inputs from and
/// writes the outputs to (the Open Inference Protocol's system shared-memory extension, as Triton's clients use it),
/// so that only small messages cross the socket. One slot per call in flight, each its own object and registered
/// region, the input at its start and the output after it; a slot too small for a call is replaced by a larger one.
/// Disposing unregisters every region and deletes the objects.
/// </summary>
public sealed class SharedMemorySlots(ServerConnection connection) : IDisposable
{
    private const string Folder = "/dev/shm";
    private readonly string _prefix = $"brainaug-client-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly ConcurrentBag<Slot> _free = [];
    private readonly ConcurrentDictionary<string, Slot> _all = new();
    private int _created;

    /// <summary>Refuses what cannot work before any call: shared memory is only for one server on this machine.</summary>
    public static void CheckUsable(IReadOnlyList<Uri> endpoints)
    {
        if (endpoints.Count != 1 || !endpoints[0].IsLoopback)
            throw new ArgumentException("--shared-memory needs exactly one --server on this machine (127.0.0.1, ::1 or localhost): the server reads the client's /dev/shm");
        if (!Directory.Exists(Folder))
            throw new ArgumentException($"--shared-memory needs {Folder} (POSIX shared memory), which this system does not have");
    }

    /// <summary>A free slot of at least <paramref name="bytes"/> bytes, registered with the server.</summary>
    public async Task<Slot> RentAsync(long bytes, CancellationToken cancellation)
    {
        if (_free.TryTake(out var slot))
        {
            if (slot.Capacity >= bytes) return slot;
            await RemoveAsync(slot, cancellation);
        }
        var capacity = Math.Max(1L << 16, (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)bytes));
        var name = $"{_prefix}-{Interlocked.Increment(ref _created)}";
        slot = Slot.Create(Path.Combine(Folder, name), name, capacity);
        try
        {
            await connection.CallAsync(o => connection.OpenInference.SystemSharedMemoryRegisterAsync(
                new SystemSharedMemoryRegisterRequest { Name = name, Key = "/" + name, ByteSize = (ulong)capacity }, o), cancellation);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            slot.Dispose();
            throw new InvalidOperationException($"--shared-memory: the server does not serve system shared memory ({e.Status.Detail})");
        }
        catch
        {
            slot.Dispose();
            throw;
        }
        _all[name] = slot;
        return slot;
    }

    public void Return(Slot slot) => _free.Add(slot);

    public void Dispose()
    {
        foreach (var slot in _all.Values)
        {
            try
            {
                // Bounded: a server that is gone must not hold up the client's exit (it drops the regions itself then).
                connection.OpenInference.SystemSharedMemoryUnregister(new SystemSharedMemoryUnregisterRequest { Name = slot.Name }, deadline: DateTime.UtcNow.AddSeconds(5));
            }
            catch (RpcException)
            {
            }
            slot.Dispose();
        }
        _all.Clear();
    }

    private async Task RemoveAsync(Slot slot, CancellationToken cancellation)
    {
        _all.TryRemove(slot.Name, out _);
        await connection.CallAsync(o => connection.OpenInference.SystemSharedMemoryUnregisterAsync(new SystemSharedMemoryUnregisterRequest { Name = slot.Name }, o), cancellation);
        slot.Dispose();
    }

    /// <summary>One /dev/shm object mapped into this process, registered with the server as one region of the same name.</summary>
    public sealed class Slot : IDisposable
    {
        private readonly string _path;
        private readonly MemoryMappedFile _file;
        private readonly MemoryMappedViewAccessor _view;

        private Slot(string path, string name, long capacity, MemoryMappedFile file, MemoryMappedViewAccessor view) =>
            (_path, Name, Capacity, _file, _view) = (path, name, capacity, file, view);

        public string Name { get; }

        public long Capacity { get; }

        public static Slot Create(string path, string name, long capacity)
        {
            using (var created = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite)) created.SetLength(capacity);
            var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
            return new Slot(path, name, capacity, file, file.CreateViewAccessor());
        }

        public void Write(long offset, ReadOnlySpan<byte> bytes) => _view.SafeMemoryMappedViewHandle.WriteSpan((ulong)(_view.PointerOffset + offset), bytes);

        public void Read(long offset, Span<byte> bytes) => _view.SafeMemoryMappedViewHandle.ReadSpan((ulong)(_view.PointerOffset + offset), bytes);

        public void Dispose()
        {
            _view.Dispose();
            _file.Dispose();
            File.Delete(_path);
        }
    }
}
