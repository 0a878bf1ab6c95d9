#!/usr/bin/env bash
# The README's main job on the embedded default data. Today (foundation stage) it
#   1. writes the phantom dataset: 40 BraTS-layout cases (240x240x155) to datasets/phantom, with a montage;
#   2. cuts the study's slices (T1ce, enhancing tumour, z=77), splits by case and exports PNGs to out/slices.
# Later stages (training, export, serving, the experiment) extend this script.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

# mricron-data gives the phantom real anatomy (Colin27); without it the procedural brain is used.
scripts/setup.sh --optional-apt mricron-data

dotnet build trainer/BrainAug.Trainer -c Release --nologo -v quiet -clp:ErrorsOnly
trainer=(dotnet trainer/BrainAug.Trainer/bin/Release/net10.0/brainaug-trainer.dll)

"${trainer[@]}" phantom --out datasets/phantom --cases 40 --seed 1
"${trainer[@]}" slices --data datasets/phantom --out out/slices --modalities t1ce --region et --policy z77 --seed 1
echo "main job done: dataset in datasets/phantom (montage.png, phantom.json), slices in out/slices"
