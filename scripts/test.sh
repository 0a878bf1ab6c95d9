#!/usr/bin/env bash
# The README's test command: set-up (NuGet, libstdc++ check/fix, Debian test references), Release build,
# every test project, then the totals on the last line as "N passed, N failed[, N skipped]".
# --fast leaves out the tests marked [Trait("Category", "Slow")] (whole main jobs, real trainings, killed and resumed
# processes): a few minutes for a quick check while working. CI (.ci/run) runs everything.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

filter=()
case "${1:-}" in
  "") ;;
  --fast) filter=(--filter "Category!=Slow") ;;
  -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "scripts/test.sh: unknown option '$1' (expected --fast, or nothing for every test)" >&2; exit 2 ;;
esac

# The build and the tests' temporary runs took 0.4 GB at most (measured with df beside a clean clone's run); without
# hard links into the NuGet cache (another file system) the build alone copies about 5.6 GB. A full disk otherwise
# shows as MSBuild's logger crashing, far from the cause.
need_mb=1024
for dir in "$repo_root" "${TMPDIR:-/tmp}"; do
  free_mb=$(df -Pm "$dir" | awk 'NR == 2 { print $4 }')
  if [ "$free_mb" -lt "$need_mb" ]; then
    echo "scripts/test.sh: only $free_mb MB free under $dir; the build and tests need about $need_mb MB: free some space first" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
done

# python3-nibabel: independent NIfTI reference; python3-onnx: onnx.checker for exported graphs;
# mricron-data: Colin27 anatomy for the phantom tests; python3-grpcio, python3-protobuf, protobuf-compiler and
# protobuf-compiler-grpc: a Python gRPC client, generated from protos/, calls the inference server; python3-scipy,
# python3-sklearn, python3-skimage: references for the report's PCA, t-SNE, Frechet distance and SSIM;
# slurmctld, slurmd, slurm-client, munge: the real single-node Slurm the slurm executor's tests run against.
scripts/setup.sh --apt python3-nibabel --apt python3-onnx --apt mricron-data \
  --apt python3-grpcio --apt python3-protobuf --apt protobuf-compiler --apt protobuf-compiler-grpc \
  --apt python3-scipy --apt python3-sklearn --apt python3-skimage \
  --apt slurmctld --apt slurmd --apt slurm-client --apt munge

results=out/test-results
rm -rf "$results"
if ! dotnet build BrainAug.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "the build failed: no test ran" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
source scripts/torch-kernels.sh
use_torch_kernel_settings Release
status=0
# One run per test project, each with its own TRX name, so no two result files can collide.
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo -v quiet "${filter[@]}" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
done

# Sum the counters of every TRX file (one per test project).
shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -eq 0 ]; then
  echo "no test results were written (build or test host failure)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
read -r total executed passed failed < <(
  grep -ho '<Counters [^>]*>' "${trx_files[@]}" | awk '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); gsub(/"/, "", kv[2]); sum[kv[1]] += kv[2] } }
    END { printf "%d %d %d %d\n", sum["total"], sum["executed"], sum["passed"], sum["failed"] + sum["error"] + sum["timeout"] + sum["aborted"] }')
skipped=$((total - executed))
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
