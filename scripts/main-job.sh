#!/usr/bin/env bash
# The README's main job on the embedded default data. Today it
#   1. writes the phantom dataset: 40 BraTS-layout cases (240x240x155) to datasets/phantom, with a montage;
#   2. cuts the study's slices (T1ce, enhancing tumour, z=77), splits by case and exports PNGs to out/slices;
#   3. trains the three networks with the cpu preset (runs/seg-cpu, runs/tumour-cpu, runs/brain-cpu);
#   4. exports them to the model repository models/ (ONNX + metadata + Triton config).
# Later stages (serving, the augmentation client, the experiment) extend this script.
# A rerun replaces the phantom, the runs and adds new model versions.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

# mricron-data gives the phantom real anatomy (Colin27); without it the procedural brain is used.
scripts/setup.sh --optional-apt mricron-data

dotnet build exporter/BrainAug.Exporter -c Release --nologo -v quiet -clp:ErrorsOnly
trainer=(dotnet trainer/BrainAug.Trainer/bin/Release/net10.0/brainaug-trainer.dll)
exporter=(dotnet exporter/BrainAug.Exporter/bin/Release/net10.0/brainaug-exporter.dll)

"${trainer[@]}" phantom --out datasets/phantom --cases 40 --seed 1
"${trainer[@]}" slices --data datasets/phantom --out out/slices --modalities t1ce --region et --policy z77 --seed 1
for network in seg tumour brain; do
  rm -rf "runs/$network-cpu"
  "${trainer[@]}" "$network" --data datasets/phantom --out "runs/$network-cpu" --preset cpu --seed 1
  "${exporter[@]}" export --run "runs/$network-cpu" --repo models
done
echo "main job done: dataset in datasets/phantom (montage.png, phantom.json), slices in out/slices,"
echo "training runs in runs/*-cpu (loss.png, samples), models in models/ (ONNX, metadata.json, config.pbtxt)"
