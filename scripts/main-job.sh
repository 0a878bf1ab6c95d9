#!/usr/bin/env bash
# The README's main job: set-up, build, then brainaug-experiment (clients/BrainAug.Experiment), which runs the
# experiment end to end into one run folder (see its --help, or scripts/main-job.sh --help).
# Every option but --skip-setup goes to brainaug-experiment; a rerun of the same command skips finished stages.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command_line=$(printf '%q ' "$0" "$@"); command_line=${command_line% }
cd "$repo_root"
configuration=${BRAINAUG_CONFIGURATION:-Release} # the build the tools run from (the test suite may use another)

skip_setup=false arguments=()
for argument in "$@"; do
  if [[ "$argument" == --skip-setup ]]; then skip_setup=true; else arguments+=("$argument"); fi
done

if ! $skip_setup; then
  # mricron-data gives the phantom real anatomy (Colin27); without it the procedural brain is used.
  scripts/setup.sh --optional-apt mricron-data
  for project in trainer/BrainAug.Trainer exporter/BrainAug.Exporter inference-server/BrainAug.InferenceServer \
                 clients/BrainAug.Clients clients/BrainAug.Report clients/BrainAug.Experiment; do
    dotnet build "$project" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly
  done
fi
exec dotnet "clients/BrainAug.Experiment/bin/$configuration/net10.0/brainaug-experiment.dll" \
  --recorded-command-line "$command_line" "${arguments[@]}"
