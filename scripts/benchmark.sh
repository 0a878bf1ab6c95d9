#!/usr/bin/env bash
# The README's benchmark command: every benchmark of the project in one run (training FLOP/s against the matmul
# ceiling, ONNX Runtime against TorchSharp inference, gRPC against in-process, generation pairs/s, a 64-client
# load test, the training steps against Debian's PyTorch), written as one Markdown table with the machine description
# to out/benchmark.md, with the stage times of the main job's first fold (runs/experiment-cpu-folds/fold1) when the main job has run.
# Extra arguments go to the benchmark program (--quick for a smoke run, --only training|inference|generation|peer|scale,
# --main-job FOLDER, --scale-cases N; --help lists them). `--only scale` measures BraTS-size data (not part of the default run).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

scripts/setup.sh --optional-apt python3-torch # the peer rows (without it they say so): the study's stack on the same machine, same threads
dotnet build inference-server/BrainAug.InferenceServer -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build tests/BrainAug.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
# The training rows run the kernels the trainer would run here: the same check (and cap) as the main job and the tests.
source scripts/torch-kernels.sh
use_torch_kernel_settings Release
main_job=()
[[ -d runs/experiment-cpu-folds/fold1/train ]] && main_job=(--main-job runs/experiment-cpu-folds/fold1)
dotnet tests/BrainAug.Benchmarks/bin/Release/net10.0/BrainAug.Benchmarks.dll --report out/benchmark.md "$@" "${main_job[@]+"${main_job[@]}"}"
