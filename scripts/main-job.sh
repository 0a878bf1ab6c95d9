#!/usr/bin/env bash
# The README's main job on the embedded default data. Today it
#   1. writes the phantom dataset: 40 BraTS-layout cases (240x240x155) to datasets/phantom, with a montage;
#   2. cuts the study's slices (T1ce, enhancing tumour, z=77), splits by case and exports PNGs to out/slices;
#   3. trains the three networks with the cpu preset (runs/seg-cpu, runs/tumour-cpu, runs/brain-cpu);
#   4. exports them to the model repository models/ (ONNX + metadata + Triton config);
#   5. serves models/ with brainaug-server on loopback (in the background, stopped at the end);
#   6. writes as many synthetic pairs as Seg-DNN has real training slices through the augmentation client
#      (datasets/synthetic), trains Seg-DNN on real + synthetic (runs/seg-cpu-synthetic) and exports it;
#   7. evaluates both Seg-DNNs on the real test cases through the server (out/evaluation).
# The full experiment (all arms, several seeds, the report) is a later stage.
# A rerun replaces the phantom, the runs and the synthetic set, and adds new model versions.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

# mricron-data gives the phantom real anatomy (Colin27); without it the procedural brain is used.
scripts/setup.sh --optional-apt mricron-data

for project in exporter/BrainAug.Exporter inference-server/BrainAug.InferenceServer clients/BrainAug.Clients; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
done
trainer=(dotnet trainer/BrainAug.Trainer/bin/Release/net10.0/brainaug-trainer.dll)
exporter=(dotnet exporter/BrainAug.Exporter/bin/Release/net10.0/brainaug-exporter.dll)
server=(dotnet inference-server/BrainAug.InferenceServer/bin/Release/net10.0/brainaug-server.dll)
client=(dotnet clients/BrainAug.Clients/bin/Release/net10.0/brainaug-client.dll)

"${trainer[@]}" phantom --out datasets/phantom --cases 40 --seed 1
"${trainer[@]}" slices --data datasets/phantom --out out/slices --modalities t1ce --region et --policy z77 --seed 1
mkdir -p out
for network in seg tumour brain; do
  rm -rf "runs/$network-cpu"
  "${trainer[@]}" "$network" --data datasets/phantom --out "runs/$network-cpu" --preset cpu --seed 1 | tee "out/train-$network.log"
  "${exporter[@]}" export --run "runs/$network-cpu" --repo models
done
real_slices=$(sed -n 's/^seg: \([0-9]*\) training.*/\1/p' out/train-seg.log | head -1)

# Serve the repository on a free loopback port; the server stops with this script (or after an hour at most).
port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
timeout 3600 "${server[@]}" --repository models --port "$port" --metrics-port 0 --poll-seconds 1 > out/server.log 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.5
done

rm -rf datasets/synthetic runs/seg-cpu-synthetic
"${client[@]}" augment --server "http://127.0.0.1:$port" --count "$real_slices" --seed 1 --data datasets/phantom \
  --out datasets/synthetic --centre random --scale 0.8,1.2 --rotation 30 --previews
"${trainer[@]}" seg --data datasets/phantom --synthetic datasets/synthetic --out runs/seg-cpu-synthetic --preset cpu --seed 1
"${exporter[@]}" export --run runs/seg-cpu-synthetic --repo models --model seg-dnn-synthetic
sleep 3 # the server picks up the new model within --poll-seconds
"${client[@]}" evaluate --server "http://127.0.0.1:$port" --data datasets/phantom --model seg-dnn --model seg-dnn-synthetic \
  --out out/evaluation

echo "main job done: dataset in datasets/phantom (montage.png, phantom.json), slices in out/slices,"
echo "training runs in runs/*-cpu (loss.png, samples), models in models/ (ONNX, metadata.json, config.pbtxt),"
echo "synthetic pairs in datasets/synthetic (manifest.jsonl), evaluation of real vs real + synthetic in out/evaluation"
