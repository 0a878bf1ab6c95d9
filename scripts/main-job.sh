#!/usr/bin/env bash
# The README's main job: the experiment, end to end, into one run folder.
#   data      the embedded phantom (or --data: a BraTS or MSD folder)
#   tumour    the Tumour Generator (DCGAN), exported to RUN/models
#   brain     the Brain Generator (pix2pix), exported to RUN/models
#   seg       Seg-DNN (U-Net) per arm and seed: real; real + N geometric copies; real + N synthetic pairs;
#             synthetic only; real + both (N = the real training images, as in the study), exported to RUN/models
#   server    brainaug-server on a free loopback port (background, stopped at the end)
#   augment   brainaug-client augment writes the N synthetic pairs (RUN/synthetic)
#   evaluate  brainaug-client evaluate scores every Seg-DNN on the real test cases (RUN/evaluation)
#   report    brainaug-report writes RUN/report/report.html (self-contained), report.md and report.json
# Each stage leaves RUN/stages/<stage>.done when complete and is skipped on a rerun; an interrupted training
# resumes from its checkpoint and an interrupted augmentation from its last written sample.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command_line=$(printf '%q ' "$0" "$@"); command_line=${command_line% }

usage() {
  cat <<'EOF'
usage: scripts/main-job.sh [--preset cpu|cpu-easy|paper|tiny] [--data DIR] [--run DIR] [--seeds N] [--count N] [--jobs N] [--skip-setup]

Runs the whole experiment (real vs geometric vs GAN-synthetic augmentation of Seg-DNN's training set) and writes
its report. Rerun the same command after an interruption: finished stages are skipped.

  --preset   cpu (default): the study's protocol at CPU scale on the realistic phantom: 600 cases, one slice per
             case (the most enhancing tumour), 280 training / 40 validation / 280 test cases, 64x64, small networks,
             5 seeds; resolves about 0.03 Dice; about 14 minutes on 2 cores.
             cpu-easy: the first protocol on the easy phantom (30 cases, every large-tumour slice), where every arm
             saturates; kept for comparison.
             paper: the study's protocol (T1ce, enhancing tumour, slice z=77 per case, 240x240, base-64 U-Net);
             a GPU job, best with --data pointing at MSD Task01 or BraTS.
             tiny: a few cases and tiny networks, for the test suite (seconds, numbers mean nothing).
  --data     BraTS or MSD dataset folder (default: the phantom, written into the run folder)
  --run      run folder (default: runs/experiment-<preset>)
  --seeds    Seg-DNN seeds per arm (default: cpu 5, cpu-easy and paper 3, tiny 1)
  --count    synthetic pairs and geometric copies N (default: the number of real training images)
  --jobs     trainings run side by side, each on one CPU thread (default: the CPU count). One thread per training
             keeps every result the same bits whatever the core count, and on 2 cores two small trainings side by
             side finish 1.7x sooner than one after the other on both cores (measured).
  --skip-setup  do not run scripts/setup.sh or build (the caller has done both)
EOF
}

preset=cpu data="" run="" seeds="" count="" jobs="" skip_setup=false split=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --preset) preset=${2:?--preset needs a value}; shift 2 ;;
    --data) data=${2:?--data needs a folder}; shift 2 ;;
    --run) run=${2:?--run needs a folder}; shift 2 ;;
    --seeds) seeds=${2:?--seeds needs a number}; shift 2 ;;
    --count) count=${2:?--count needs a number}; shift 2 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --skip-setup) skip_setup=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "main-job: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# Per preset: the phantom, the Seg-DNN's slices (the arms' real training images), the generators' slices (from
# the same training cases; the tumour generator's own when set), the image channels, and each network's options.
tumour_slices=()
case "$preset" in
  cpu)
    # The study's protocol at CPU scale on the realistic phantom: one slice per patient (the study took z=77; here the
    # slice with the most enhancing tumour, so that every case shows its lesion), 600 cases = 280 training (N, the
    # study had 290), 40 validation, 280 test; the generators learn from the training cases only.
    # Sized to resolve 0.03 Dice: the interval's half-width comes from the case-to-case spread of the difference
    # (0.14 / sqrt(280 test cases)) and the seed-to-seed spread (0.02 / sqrt(5 seeds)); 80 test cases and 3 seeds
    # gave 0.051 (measured).
    phantom=(--cases 600 --depth 12 --difficulty realistic)
    split=(--validation 0.067 --test 0.467)
    slices=(--region et --policy max) modalities=t1ce
    generator_slices=("${slices[@]}")
    # The Tumour Generator (DCGAN) learns from every enhancing-tumour slice of the same training cases (2,840 maps):
    # on the 280 one-per-case maps it collapsed to empty or frame-wide speckle (lr 2e-4, 1e-4, 5e-5, batch 16 and
    # multi-class labels all did, measured on 1 thread), and the augmentation client could place none of its tumours.
    tumour_slices=(--region et --policy tumour:20)
    tumour_options=(--preset cpu --epochs 8)
    brain_options=(--preset cpu)
    # bce+dice: with BCE alone the small enhancing target drowns in background (validation Dice 0 after 12 epochs,
    # measured); 8 epochs (lr 3e-3, 3e-4 for the last two). The real arm's seeds spread 0.10 Dice (one seed in five
    # predicted nothing for four epochs) until the head's bias started at the target's prior and the weights were
    # averaged (0.013 over 5 seeds; measured on this protocol, 1 thread per training).
    seg_options=(--preset cpu --size 64 --batch 4 --lr 3e-3 --epochs 8 --late-from 6 --late-lr 3e-4 --loss bce+dice
                 --head-bias prior --weight-average 0.99)
    augment_options=(--centre random --scale 0.8,1.2 --rotation 30)
    default_seeds=5 ;;
  cpu-easy)
    # The first protocol, kept for comparison: the easy phantom's 30 cases (64-slice slabs), every slice with a
    # large enhancing tumour; a small U-Net saturates on it (Dice 0.98).
    phantom=(--cases 30 --depth 64 --difficulty easy) # a 64-slice slab holds the tumour slices and loads 2.4x faster
    slices=(--region et --policy tumour:900) modalities=t1ce
    # The generators learn from every tumour slice of the training cases (about 800): on the 271 large-tumour
    # slices alone the DCGAN's discriminator wins within 3 epochs and the generator draws noise.
    generator_slices=(--region et --policy tumour:20)
    tumour_options=(--preset cpu)
    brain_options=(--preset cpu)
    # Batch 4 at lr 3e-3: batch 8 at 1e-3 left one seed in three near Dice 0 after 4 epochs (measured).
    seg_options=(--preset cpu --size 64 --batch 4 --lr 3e-3 --epochs 4 --late-from 3)
    augment_options=(--centre random --scale 0.8,1.2 --rotation 30)
    default_seeds=3 ;;
  paper)
    phantom=(--cases 100 --difficulty easy)
    slices=(--region et --policy z77) modalities=t1ce
    generator_slices=("${slices[@]}")
    tumour_options=(--preset paper)
    brain_options=(--preset paper)
    seg_options=(--preset paper)
    augment_options=(--centre random --scale 0.8,1.2 --rotation 30)
    default_seeds=3 ;;
  tiny)
    phantom=(--cases 6 --depth 12 --difficulty easy)
    slices=(--region et --policy tumour) modalities=t1ce
    generator_slices=("${slices[@]}")
    tumour_options=(--size 16 --noise 8 --width-g 4 --width-d 4 --batch 8 --epochs 1)
    brain_options=(--size 32 --downs 3 --width-g 4 --width-d 4 --layers-d 2 --condition label+outline --batch 8 --epochs 1)
    seg_options=(--size 32 --base-width 4 --depth 2 --batch 8 --epochs 2)
    # One epoch of the tumour generator draws half-frame blobs: shrink them so they fit in the brain.
    augment_options=(--centre random --scale 0.2,0.3)
    default_seeds=1 ;;
  *) echo "main-job: unknown preset '$preset': expected cpu, cpu-easy, paper or tiny" >&2; exit 2 ;;
esac
seeds=${seeds:-$default_seeds}
(( ${#tumour_slices[@]} > 0 )) || tumour_slices=("${generator_slices[@]}")
[[ "$seeds" =~ ^[1-9][0-9]*$ ]] || { echo "main-job: --seeds must be a positive number" >&2; exit 2; }
[[ -z "$count" || "$count" =~ ^[1-9][0-9]*$ ]] || { echo "main-job: --count must be a positive number" >&2; exit 2; }
[[ -z "$jobs" || "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "main-job: --jobs must be a positive number" >&2; exit 2; }
jobs=${jobs:-$(nproc)}
[[ -z "$data" || -d "$data" ]] || { echo "main-job: --data $data is not a folder" >&2; exit 2; }
run=$(realpath -m "${run:-$repo_root/runs/experiment-$preset}")
[[ -n "$data" ]] && data=$(realpath "$data")
cd "$repo_root"
configuration=${BRAINAUG_CONFIGURATION:-Release} # the build the tools run from (the test suite may use another)

if ! $skip_setup; then
  # mricron-data gives the phantom real anatomy (Colin27); without it the procedural brain is used.
  scripts/setup.sh --optional-apt mricron-data
  for project in trainer/BrainAug.Trainer exporter/BrainAug.Exporter inference-server/BrainAug.InferenceServer \
                 clients/BrainAug.Clients clients/BrainAug.Report; do
    dotnet build "$project" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly
  done
fi
trainer=(dotnet trainer/BrainAug.Trainer/bin/$configuration/net10.0/brainaug-trainer.dll)
exporter=(dotnet exporter/BrainAug.Exporter/bin/$configuration/net10.0/brainaug-exporter.dll)
server=(dotnet inference-server/BrainAug.InferenceServer/bin/$configuration/net10.0/brainaug-server.dll)
client=(dotnet clients/BrainAug.Clients/bin/$configuration/net10.0/brainaug-client.dll)
report=(dotnet clients/BrainAug.Report/bin/$configuration/net10.0/brainaug-report.dll)

mkdir -p "$run/stages" "$run/logs"
log() { echo "[main-job $(date +%H:%M:%S)] $*"; }
done_file() { echo "$run/stages/$1.done"; }
# stage NAME COMMAND...: runs COMMAND (its output also in RUN/logs/NAME.log) unless NAME finished before.
stage() {
  local name=$1; shift
  if [[ -f "$(done_file "$name")" ]]; then log "$name: done in an earlier run, skipped"; return; fi
  log "$name"
  "$@" 2>&1 | tee "$run/logs/$name.log"
  touch "$(done_file "$name")"
}
# background_stage NAME COMMAND...: like stage, but in the background (output in RUN/logs/NAME.log only), at
# most --jobs at a time; wait_background waits for all of them and stops the job if one failed. (Inside the
# background subshell set -e is off, so each step of COMMAND checks the one before: `|| return`.)
declare -A background=() # pid -> stage name
background_stage() {
  local name=$1; shift
  if [[ -f "$(done_file "$name")" ]]; then log "$name: done in an earlier run, skipped"; return; fi
  while (( ${#background[@]} >= jobs )); do reap_background; done
  log "$name: started (log in $run/logs/$name.log)"
  ( "$@" > "$run/logs/$name.log" 2>&1 && touch "$(done_file "$name")" ) &
  background[$!]=$name
}
reap_background() {
  local pid status=0
  wait -n -p pid "${!background[@]}" || status=$?
  local name=${background[$pid]}
  unset "background[$pid]"
  if (( status != 0 )); then
    tail -n 15 "$run/logs/$name.log" >&2
    echo "main-job: $name failed (exit status $status); its log: $run/logs/$name.log. Rerun the same command to go on." >&2
    exit 1
  fi
  log "$name: done"
}
wait_background() { while (( ${#background[@]} > 0 )); do reap_background; done; }
# On any exit: stop the trainings still running (their checkpoints let a rerun continue) and the server.
server_pid=""
stop_children() {
  for pid in "${!background[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  [[ -z "$server_pid" ]] || kill "$server_pid" 2>/dev/null || true
}
trap stop_children EXIT

# train NETWORK FOLDER OPTIONS...: a training on one thread (so that side-by-side trainings share the cores and
# give the same bits on any machine) that resumes from its checkpoint after an interruption.
train() {
  local network=$1 folder=$2; shift 2
  if [[ -f "$folder/checkpoint.bin" ]]; then
    "${trainer[@]}" "$network" --out "$folder" --resume --threads 1 "$@"
  else
    rm -rf "$folder"
    "${trainer[@]}" "$network" --out "$folder" --threads 1 "$@"
  fi
}
export_model() { "${exporter[@]}" export --run "$1" --repo "$run/models" --model "$2"; }

log "run folder $run (preset $preset, $seeds seed(s))"
if [[ -z "$data" ]]; then
  data="$run/data"
  phantom_stage() { rm -rf "$data"; "${trainer[@]}" phantom --out "$data" "${phantom[@]}" --seed 1; }
  stage data phantom_stage
fi
common=(--data "$data" "${slices[@]}" --split-seed 1 "${split[@]}")

# generator NETWORK MODEL OPTIONS...: trains (on the options' slices of the training cases) and exports one generator.
generator() {
  local network=$1 model=$2; shift 2
  train "$network" "$run/train/$network" --data "$data" --split-seed 1 "${split[@]}" "$@" --seed 1 || return
  export_model "$run/train/$network" "$model"
}
# The generators and the arms that need no synthetic data train side by side (the brain generator, the longest, first).
background_stage brain generator brain brain-generator "${generator_slices[@]}" --modalities "$modalities" "${brain_options[@]}"
background_stage tumour generator tumour tumour-generator "${tumour_slices[@]}" "${tumour_options[@]}"

# seg_arm ARM SEED OPTIONS...: trains and exports one Seg-DNN, served as seg-ARM-sSEED.
seg_arm() {
  local arm=$1 seed=$2; shift 2
  train seg "$run/train/seg-$arm-s$seed" "${common[@]}" --modalities "$modalities" "${seg_options[@]}" --seed "$seed" "$@" || return
  export_model "$run/train/seg-$arm-s$seed" "seg-$arm-s$seed"
}
# Geometric copies: --count, or by default as many as the real training images (the trainer's own default).
copies=(--augment copies); [[ -z "$count" ]] || copies+=(--augment-copies "$count")
for seed in $(seq 1 "$seeds"); do
  background_stage "seg-real-s$seed" seg_arm real "$seed"
  background_stage "seg-geometric-s$seed" seg_arm geometric "$seed" "${copies[@]}"
done
wait_background

# N: the real training images, read from the real arm's log (as the study: N = 290 = its real images).
real_images=$(sed -n 's/^seg: \([0-9]*\) training.*/\1/p' "$run/logs/seg-real-s1.log" | head -1)
[[ -n "$real_images" ]] || { echo "main-job: cannot read the real training image count from $run/logs/seg-real-s1.log" >&2; exit 1; }
count=${count:-$real_images}
log "real training images: $real_images; N = $count synthetic pairs and geometric copies"

# Serve the repository on a free loopback port; the server stops with this script (or after two hours at most).
port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "main-job: no free loopback port found" >&2; exit 1; }
timeout 7200 "${server[@]}" --repository "$run/models" --port "$port" --metrics-port 0 --poll-seconds 1 > "$run/logs/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$run/logs/server.log" >&2; echo "main-job: brainaug-server stopped; see $run/logs/server.log" >&2; exit 1; }
  sleep 0.5
done
endpoint="http://127.0.0.1:$port"

stage augment "${client[@]}" augment --server "$endpoint" --count "$count" --seed 1 --data "$data" --split-seed 1 "${split[@]}" \
  --out "$run/synthetic" "${augment_options[@]}" --previews

for seed in $(seq 1 "$seeds"); do
  background_stage "seg-both-s$seed" seg_arm both "$seed" "${copies[@]}" --synthetic "$run/synthetic"
  background_stage "seg-synthetic-only-s$seed" seg_arm synthetic-only "$seed" --synthetic "$run/synthetic" --synthetic-only
  background_stage "seg-synthetic-s$seed" seg_arm synthetic "$seed" --synthetic "$run/synthetic"
done
wait_background

arms=(real geometric synthetic synthetic-only both)
model_names=() models=()
for arm in "${arms[@]}"; do for seed in $(seq 1 "$seeds"); do model_names+=("seg-$arm-s$seed"); models+=(--model "seg-$arm-s$seed"); done; done
evaluate_stage() {
  # The server loads new versions within --poll-seconds; wait until it has loaded every Seg-DNN.
  local model waiting
  for _ in $(seq 1 60); do
    waiting=false
    for model in "${model_names[@]}"; do grep -q "Loaded $model version" "$run/logs/server.log" || waiting=true; done
    $waiting || break
    sleep 1
  done
  rm -rf "$run/evaluation"
  "${client[@]}" evaluate --server "$endpoint" --data "$data" --split-seed 1 "${split[@]}" "${models[@]}" --out "$run/evaluation"
}
stage evaluate evaluate_stage
kill "$server_pid" 2>/dev/null || true

commit=$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$repo_root" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }
cat > "$run/experiment.json" <<EOF
{
  "command_line": $(json_string "$command_line"),
  "preset": "$preset",
  "git_commit": $(json_string "$commit"),
  "data": $(json_string "$data"),
  "split_seed": 1,
  "seeds": $seeds,
  "real_training_images": $real_images,
  "n": $count,
  "arms": [$(printf '"%s", ' "${arms[@]}" | sed 's/, $//')]
}
EOF
report_stage() { rm -rf "$run/report"; "${report[@]}" --run "$run"; }
stage report report_stage
log "done: open $run/report/report.html (also report.md, report.json)"
