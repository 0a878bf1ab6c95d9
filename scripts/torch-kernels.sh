# Sourced by test.sh and benchmark.sh after the build: exports the libtorch kernel settings this machine needs for
# finite results (brainaug-trainer kernel-settings: checked once per machine and libtorch version, the verdict cached;
# nothing is exported, and nothing said, where the default kernels are sound). Settings the user exported are kept.
# The main job needs no call: brainaug-experiment does the same once its options are checked.
# $1: the build configuration the trainer was built in.
use_torch_kernel_settings() {
  local settings line
  settings=$(dotnet "trainer/BrainAug.Trainer/bin/$1/net10.0/brainaug-trainer.dll" kernel-settings) ||
    { echo "[setup] brainaug-trainer kernel-settings found no libtorch kernels that give finite results on this machine" >&2; return 1; }
  while IFS= read -r line; do
    [[ -n "$line" ]] && export "${line?}" && echo "[setup] libtorch kernels: $line"
  done <<< "$settings"
  return 0
}
