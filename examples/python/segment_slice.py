"""Segment one axial slice with brainaug-server from Python: brainaug.v1's Segment, then the same slice through the
Open Inference Protocol's ModelInfer (what Triton and KServe serve), which must agree with it.

Usage: python3 segment_slice.py STUBS_DIR HOST:PORT MODEL VOLUME.nii.gz [VOLUME.nii.gz ...]
  MODEL is a served Seg-DNN (seg-dnn, or the main job's seg-real-s1 ...); one NIfTI volume per input channel, in the
  order of the model's modalities (printed first).
STUBS_DIR holds the Python stubs protoc made from protos/ (see the README's "Calling the server from Python").
"""
import json
import sys

import nibabel
import numpy as np

sys.path.insert(0, sys.argv[1])
import grpc  # noqa: E402
from brainaug.v1 import brainaug_pb2 as ba, brainaug_pb2_grpc as ba_grpc  # noqa: E402
from inference import grpc_predict_v2_pb2 as oip, grpc_predict_v2_pb2_grpc as oip_grpc  # noqa: E402

channel, name = grpc.insecure_channel(sys.argv[2]), sys.argv[3]
served = ba_grpc.InferenceStub(channel).ListModels(ba.ListModelsRequest(), timeout=10).models
seg = next((m for m in served if m.name == name and m.is_default), None) or sys.exit(f"the server serves no model named {name}")
_, channels, size, _ = seg.inputs[0].shape
modalities = json.loads(seg.metadata_json)["training_config"]["modalities"]
print(name, seg.version, "expects modalities", modalities)
if len(sys.argv) - 4 != channels:
    sys.exit(f"give {channels} volume(s), one per modality: {modalities}")

# Prepared as the trainer prepares slices: each volume min-max scaled to [0, 1], the middle axial slice, resized to the
# model's side (nearest neighbour here for brevity; the trainer resizes bilinearly, so brainaug-client evaluate's
# slices differ slightly from these).
planes = []
for path in sys.argv[4:]:
    volume = np.asarray(nibabel.load(path).dataobj, dtype=np.float32)
    volume = (volume - volume.min()) / max(float(volume.max() - volume.min()), 1e-12)
    plane = volume[:, :, volume.shape[2] // 2].T  # NIfTI is x, y, z; images are rows (y), columns (x)
    rows, columns = (np.arange(size) * plane.shape[0] // size), (np.arange(size) * plane.shape[1] // size)
    planes.append(plane[np.ix_(rows, columns)])
image = np.ascontiguousarray(np.stack(planes)[None], dtype=np.float32)  # (1, channels, size, size)

tensor = ba.Tensor(dtype=ba.DATA_TYPE_FLOAT32, shape=image.shape, data=image.tobytes())
model = ba.ModelRef(name=name, version=seg.version)
reply = ba_grpc.InferenceStub(channel).Segment(ba.SegmentRequest(model=model, image=tensor, threshold=0.5), timeout=60)
mask = np.frombuffer(reply.mask.data, np.uint8).reshape(reply.mask.shape)

request = oip.ModelInferRequest(model_name=name, model_version=str(seg.version))
request.inputs.add(name="image", datatype="FP32", shape=image.shape)
request.outputs.add(name="probability")
request.raw_input_contents.append(image.tobytes())
result = oip_grpc.GRPCInferenceServiceStub(channel).ModelInfer(request, timeout=60)
probability = np.frombuffer(result.raw_output_contents[0], np.float32).reshape(result.outputs[0].shape)

agree = bool(((probability >= 0.5) == mask).all())
print(f"tumour pixels: {int(mask.sum())} of {mask.size}; ModelInfer agrees with Segment: {agree}")
