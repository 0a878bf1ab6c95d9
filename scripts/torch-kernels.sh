# Sourced by main-job.sh and test.sh after the build: checks libtorch's CPU convolution on this machine
# (brainaug-trainer check-kernels) and, when it gives non-finite results, caps oneDNN at SSE4.1 for everything
# started from here on. Measured on a 2-core AMD EPYC of family 26 (Zen 5): NaN at random without the cap, none with it.
# $1: the build configuration the trainer was built in.
check_torch_kernels() {
  local trainer="trainer/BrainAug.Trainer/bin/$1/net10.0/brainaug-trainer.dll" status=0
  dotnet "$trainer" check-kernels || status=$?
  case $status in
    0) ;;
    3) export DNNL_MAX_CPU_ISA=SSE41
       echo "[setup] libtorch's oneDNN kernels gave non-finite results on this CPU: capped at SSE4.1 (DNNL_MAX_CPU_ISA=SSE41; slower, correct)"
       dotnet "$trainer" check-kernels || { echo "[setup] still non-finite with the cap: this machine cannot train" >&2; return 1; } ;;
    *) echo "[setup] brainaug-trainer check-kernels failed (exit status $status)" >&2; return 1 ;;
  esac
}
