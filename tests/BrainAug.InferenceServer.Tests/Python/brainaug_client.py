"""A client we did not write in C#: Debian's python3-grpcio with stubs that protoc generated from the .proto.

Usage: brainaug_client.py STUBS_DIR HOST:PORT
Prints one JSON object with what the server answered, for the C# test to check.
"""
import array
import hashlib
import json
import sys

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
from brainaug.v1 import brainaug_pb2, brainaug_pb2_grpc  # noqa: E402


def main():
    channel = grpc.insecure_channel(sys.argv[2])
    stub = brainaug_pb2_grpc.InferenceStub(channel)
    listing = stub.ListModels(brainaug_pb2.ListModelsRequest(), timeout=10)

    seg = next(m for m in listing.models if m.name == "seg-dnn")
    _, channels, height, width = seg.inputs[0].shape
    pixels = array.array("f", [0.25] * (2 * channels * height * width))
    image = brainaug_pb2.Tensor(dtype=brainaug_pb2.DATA_TYPE_FLOAT32, shape=[2, channels, height, width], data=pixels.tobytes())
    segmented = stub.Segment(brainaug_pb2.SegmentRequest(image=image, threshold=0.5), timeout=10)
    probability = array.array("f")
    probability.frombytes(segmented.probability.data)

    tumours = stub.GenerateTumour(brainaug_pb2.GenerateTumourRequest(seed=1234, start_index=5, count=3), timeout=10)

    try:
        stub.Segment(brainaug_pb2.SegmentRequest(image=brainaug_pb2.Tensor(dtype=brainaug_pb2.DATA_TYPE_FLOAT32, shape=[1, 7], data=b"")), timeout=10)
        bad_request = "OK"
    except grpc.RpcError as error:
        bad_request = error.code().name

    print(json.dumps({
        "models": sorted(f"{m.name}:{m.version}:{m.provider}" for m in listing.models),
        "segment_probability_shape": list(segmented.probability.shape),
        "segment_mask_shape": list(segmented.mask.shape),
        "segment_probability_min": min(probability),
        "segment_probability_max": max(probability),
        "segment_served_by": f"{segmented.model.name}:{segmented.model.version}",
        "tumour_shape": list(tumours.label_map.shape),
        "tumour_sha256": hashlib.sha256(tumours.label_map.data).hexdigest(),
        "bad_request": bad_request,
    }))


if __name__ == "__main__":
    main()
