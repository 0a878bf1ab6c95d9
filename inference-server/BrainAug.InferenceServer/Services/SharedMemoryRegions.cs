using System.IO.MemoryMappedFiles;
using BrainAug.InferenceServer.Configuration;
using Grpc.Core;

namespace BrainAug.InferenceServer.Services;

/// <summary>One registered region: part of a POSIX shared-memory object, as the client described it.</summary>
public sealed record SharedMemoryRegionInfo(string Name, string Key, ulong Offset, ulong ByteSize);

/// <summary>
/// The system shared-memory regions clients registered (the Open Inference Protocol's shared-memory extension, as
/// Triton serves it). A client on this machine writes its inputs to /dev/shm/&lt;key&gt; and reads its outputs from
/// there, so that only small messages cross the socket: over loopback HTTP/2, moving a 240x240 FP32 slice each way
/// cost 2.5-3 ms per call (measured), an eighth of the Seg-DNN's 20 ms. Off unless the operator allows it, because a
/// client then names files the server opens.
/// </summary>
public sealed class SharedMemoryRegions(ServerOptions options) : IDisposable
{
    /// <summary>Most regions at once, so that a client that never unregisters cannot exhaust the server's mappings.</summary>
    public const int MaxRegions = 256;

    private const string Folder = "/dev/shm";
    private readonly Dictionary<string, Region> _regions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool Enabled => options.AllowSharedMemory;

    public void Register(string name, string key, ulong offset, ulong byteSize)
    {
        CheckEnabled();
        if (name.Length == 0) RpcErrors.InvalidArgument("a shared-memory region needs a name");
        var path = ObjectPath(key);
        lock (_lock) // registering is rare: opening the file under the lock keeps the name check and the add together
        {
            if (_regions.ContainsKey(name))
                throw new RpcException(new Status(StatusCode.AlreadyExists, $"a shared-memory region named '{name}' is already registered; unregister it first"));
            if (_regions.Count >= MaxRegions)
                RpcErrors.ResourceExhausted($"{MaxRegions} shared-memory regions are already registered; unregister some first");
            _regions.Add(name, Region.Open(new SharedMemoryRegionInfo(name, key, offset, byteSize), path));
        }
    }

    /// <summary>Every region, or the one named (NOT_FOUND when it is not registered).</summary>
    public IReadOnlyList<SharedMemoryRegionInfo> Status(string name)
    {
        CheckEnabled();
        lock (_lock)
        {
            if (name.Length == 0) return [.. _regions.Values.Select(r => r.Info)];
            return [Find(name).Info];
        }
    }

    /// <summary>Unregisters the region named (NOT_FOUND when it is not registered), or every region for "".</summary>
    public void Unregister(string name)
    {
        CheckEnabled();
        List<Region> removed;
        lock (_lock)
        {
            removed = name.Length == 0 ? [.. _regions.Values] : [Find(name)];
            foreach (var region in removed) _regions.Remove(region.Info.Name);
        }
        foreach (var region in removed) region.Dispose();
    }

    /// <summary>A copy of <paramref name="byteSize"/> bytes at <paramref name="offset"/> in the region.</summary>
    public byte[] Read(string name, long offset, long byteSize, string tensor)
    {
        var region = Get(name);
        region.CheckRange(offset, byteSize, tensor); // before allocating what the client asked for
        var bytes = new byte[byteSize];
        region.Access(offset, byteSize, tensor, (view, start) => view.ReadSpan(start, bytes.AsSpan()));
        return bytes;
    }

    public void Write(string name, long offset, byte[] bytes, string tensor)
    {
        var region = Get(name);
        region.Access(offset, bytes.Length, tensor, (view, start) => view.WriteSpan(start, bytes.AsSpan()));
    }

    /// <summary>INVALID_ARGUMENT unless <paramref name="byteSize"/> bytes at <paramref name="offset"/> lie in the region.</summary>
    public void CheckRange(string name, long offset, long byteSize, string tensor) => Get(name).CheckRange(offset, byteSize, tensor);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var region in _regions.Values) region.Dispose();
            _regions.Clear();
        }
    }

    private void CheckEnabled()
    {
        if (!Enabled)
            throw new RpcException(new Status(StatusCode.Unimplemented, "this server does not serve system shared memory: start it with --allow-shared-memory true"));
    }

    private Region Get(string name)
    {
        CheckEnabled();
        lock (_lock)
        {
            return _regions.TryGetValue(name, out var region) ? region : throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"no shared-memory region named '{name}' is registered (SystemSharedMemoryRegister first)"));
        }
    }

    private Region Find(string name) =>
        _regions.TryGetValue(name, out var region) ? region : throw new RpcException(new Status(StatusCode.NotFound, $"no shared-memory region named '{name}' is registered"));

    /// <summary>The file behind a POSIX shared-memory name: "/" and one file name, opened in /dev/shm only.</summary>
    private static string ObjectPath(string key)
    {
        var file = key.StartsWith('/') ? key[1..] : "";
        if (file.Length is 0 or > 255 || file.Contains('/') || file is "." or "..")
            RpcErrors.InvalidArgument($"shared-memory key '{Shorten(key)}' must be '/' and a name without '/', as shm_open takes it");
        var path = Path.Combine(Folder, file);
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null)
            throw new RpcException(new Status(StatusCode.NotFound, $"shared-memory object '{key}' does not exist ({path} is not a file)"));
        return path;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";

    /// <summary>A mapped view of the region; each access holds its lock, so that unregistering never unmaps it under a copy.</summary>
    private sealed class Region : IDisposable
    {
        private readonly MemoryMappedFile _file;
        private readonly MemoryMappedViewAccessor _view;
        private readonly Lock _lock = new();
        private bool _disposed;

        private Region(SharedMemoryRegionInfo info, MemoryMappedFile file, MemoryMappedViewAccessor view) => (Info, _file, _view) = (info, file, view);

        public SharedMemoryRegionInfo Info { get; }

        public static Region Open(SharedMemoryRegionInfo info, string path)
        {
            var length = new FileInfo(path).Length;
            if (info.ByteSize == 0 || info.Offset > (ulong)length || info.ByteSize > (ulong)length - info.Offset)
                RpcErrors.InvalidArgument($"region '{info.Name}': {info.ByteSize} bytes at offset {info.Offset} do not fit '{info.Key}' ({length} bytes)");
            var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
            try
            {
                return new Region(info, file, file.CreateViewAccessor((long)info.Offset, (long)info.ByteSize, MemoryMappedFileAccess.ReadWrite));
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>Runs <paramref name="copy"/>(view, byte position of offset in the view) under the region's lock.</summary>
        public void Access(long offset, long byteSize, string tensor, Action<System.Runtime.InteropServices.SafeBuffer, ulong> copy)
        {
            lock (_lock)
            {
                if (_disposed) RpcErrors.InvalidArgument($"shared-memory region '{Info.Name}' was unregistered");
                CheckRange(offset, byteSize, tensor);
                copy(_view.SafeMemoryMappedViewHandle, (ulong)(_view.PointerOffset + offset));
            }
        }

        public void CheckRange(long offset, long byteSize, string tensor)
        {
            if (offset < 0 || byteSize < 0 || (ulong)offset + (ulong)byteSize > Info.ByteSize)
                RpcErrors.InvalidArgument($"{tensor}: {byteSize} bytes at offset {offset} do not fit shared-memory region '{Info.Name}' ({Info.ByteSize} bytes)");
        }

        public void Dispose()
        {
            lock (_lock)
            {
                if (_disposed) return;
                _disposed = true;
                _view.Dispose();
                _file.Dispose();
            }
        }
    }
}
