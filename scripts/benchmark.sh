#!/usr/bin/env bash
# The README's benchmark command: every benchmark of the project in one run (training FLOP/s against the matmul
# ceiling, ONNX Runtime against TorchSharp inference, gRPC against in-process, generation pairs/s, a 64-client
# load test), written as one Markdown table with the machine description to out/benchmark.md.
# Extra arguments go to the benchmark program (--quick for a smoke run, --only training|inference|generation).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

scripts/setup.sh
dotnet build inference-server/BrainAug.InferenceServer -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build tests/BrainAug.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet tests/BrainAug.Benchmarks/bin/Release/net10.0/BrainAug.Benchmarks.dll --report out/benchmark.md "$@"
