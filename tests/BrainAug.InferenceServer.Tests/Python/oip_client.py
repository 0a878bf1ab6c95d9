"""An Open Inference Protocol client we did not write in C#: Debian's python3-grpcio with stubs that protoc
generated from protos/inference/grpc_predict_v2.proto, calling every rpc the way tritonclient does (raw bytes).

Usage: oip_client.py STUBS_DIR HOST:PORT
Prints one JSON object with what the server answered, for the C# test to check.
"""
import array
import hashlib
import json
import sys
from multiprocessing import shared_memory

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
from inference import grpc_predict_v2_pb2 as pb, grpc_predict_v2_pb2_grpc as pb_grpc  # noqa: E402


def infer(stub, model, input_name, shape, data, output):
    request = pb.ModelInferRequest(model_name=model)
    request.inputs.add(name=input_name, datatype="FP32", shape=shape)
    request.outputs.add(name=output)
    request.raw_input_contents.append(data)
    return stub.ModelInfer(request, timeout=10)


def infer_through_shared_memory(stub, input_name, shape, data, output_bytes):
    """The same ModelInfer with input and output in one POSIX shared-memory object, as tritonclient's shm helpers do."""
    memory = shared_memory.SharedMemory(create=True, size=len(data) + output_bytes)
    try:
        memory.buf[:len(data)] = data
        key = "/" + memory.name
        stub.SystemSharedMemoryRegister(pb.SystemSharedMemoryRegisterRequest(name="py-in", key=key, byte_size=len(data)), timeout=10)
        stub.SystemSharedMemoryRegister(pb.SystemSharedMemoryRegisterRequest(name="py-out", key=key, offset=len(data), byte_size=output_bytes), timeout=10)
        regions = sorted(stub.SystemSharedMemoryStatus(pb.SystemSharedMemoryStatusRequest(), timeout=10).regions)
        request = pb.ModelInferRequest(model_name="seg-dnn")
        tensor = request.inputs.add(name=input_name, datatype="FP32", shape=shape)
        tensor.parameters["shared_memory_region"].string_param = "py-in"
        tensor.parameters["shared_memory_byte_size"].int64_param = len(data)
        wanted = request.outputs.add(name="probability")
        wanted.parameters["shared_memory_region"].string_param = "py-out"
        wanted.parameters["shared_memory_byte_size"].int64_param = output_bytes
        response = stub.ModelInfer(request, timeout=10)
        result = bytes(memory.buf[len(data):len(data) + output_bytes])
        stub.SystemSharedMemoryUnregister(pb.SystemSharedMemoryUnregisterRequest(name=""), timeout=10)
        return regions, list(response.raw_output_contents), result
    finally:
        memory.close()
        memory.unlink()


def code_of(call):
    try:
        call()
        return "OK"
    except grpc.RpcError as error:
        return error.code().name


def main():
    stub = pb_grpc.GRPCInferenceServiceStub(grpc.insecure_channel(sys.argv[2]))
    server = stub.ServerMetadata(pb.ServerMetadataRequest(), timeout=10)
    seg = stub.ModelMetadata(pb.ModelMetadataRequest(name="seg-dnn"), timeout=10)
    _, channels, height, width = seg.inputs[0].shape
    pixels = array.array("f", [0.25] * (2 * channels * height * width))
    segmented = infer(stub, "seg-dnn", seg.inputs[0].name, [2, channels, height, width], pixels.tobytes(), "probability")
    probability = array.array("f")
    probability.frombytes(segmented.raw_output_contents[0])

    regions, shm_raw, shm_output = infer_through_shared_memory(
        stub, seg.inputs[0].name, [2, channels, height, width], pixels.tobytes(), len(segmented.raw_output_contents[0]))

    bad = pb.ModelInferRequest(model_name="seg-dnn")
    bad.inputs.add(name="image", datatype="FP32", shape=[1, channels, height, width])
    bad.raw_input_contents.append(b"\0" * 12)

    print(json.dumps({
        "live": stub.ServerLive(pb.ServerLiveRequest(), timeout=10).live,
        "ready": stub.ServerReady(pb.ServerReadyRequest(), timeout=10).ready,
        "server": server.name,
        "model_ready": stub.ModelReady(pb.ModelReadyRequest(name="seg-dnn", version="1"), timeout=10).ready,
        "versions": list(seg.versions),
        "platform": seg.platform,
        "input": [seg.inputs[0].name, seg.inputs[0].datatype, list(seg.inputs[0].shape)],
        "output": [seg.outputs[0].name, seg.outputs[0].datatype, list(seg.outputs[0].shape)],
        "infer_model": f"{segmented.model_name}:{segmented.model_version}",
        "infer_shape": list(segmented.outputs[0].shape),
        "probability_sha256": hashlib.sha256(segmented.raw_output_contents[0]).hexdigest(),
        "probability_min": min(probability),
        "probability_max": max(probability),
        "extensions": list(server.extensions),
        "shm_regions": regions,
        "shm_raw_output_lengths": [len(raw) for raw in shm_raw],
        "shm_probability_sha256": hashlib.sha256(shm_output).hexdigest(),
        "bad_request": code_of(lambda: stub.ModelInfer(bad, timeout=10)),
        "unknown_model": code_of(lambda: stub.ModelMetadata(pb.ModelMetadataRequest(name="no-such-model"), timeout=10)),
    }))


if __name__ == "__main__":
    main()
