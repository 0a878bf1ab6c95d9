#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, to try `brainaug-experiment --executor slurm` without a cluster
# (and the one the test suite runs the slurm executor against):
#
#   scripts/slurm-single-node.sh [--cpus N] [--stop-with PID] DIR
#
# Installs Debian's Slurm and MUNGE where missing (as root, through scripts/setup.sh), then, all inside DIR: a
# generated MUNGE key, a slurm.conf for this host alone (N CPUs, default 2; proctrack/linuxproc, task/none, no
# accounting; free ports, so a system Slurm is left alone), and munged, slurmctld and slurmd in the foreground of
# this script. Once the node takes jobs it prints "ready: export SLURM_CONF=DIR/slurm.conf"; every Slurm command run
# with that variable uses this cluster. Ctrl+C (or SIGTERM) cancels the cluster's jobs and stops the three daemons;
# DIR keeps their logs. --stop-with PID does the same when process PID ends (the test suite passes its own).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

cpus=2 stop_with=
while [ $# -gt 0 ]; do
  case "$1" in
    --cpus) cpus="$2"; shift 2 ;;
    --stop-with) stop_with="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "slurm-single-node: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "slurm-single-node: expected one folder (see --help)" >&2; exit 2; }
say() { printf '[slurm-single-node] %s\n' "$*"; }

packages=(slurmctld slurmd slurm-client munge)
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  apt_arguments=()
  for package in "${packages[@]}"; do apt_arguments+=(--apt "$package"); done
  "$repo_root/scripts/setup.sh" "${apt_arguments[@]}" >&2
fi

dir=$(mkdir -p "$1" && cd "$1" && pwd)
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
chmod 700 "$dir" "$dir/state" "$dir/spool" # munged refuses a key or socket in a folder others may write to
user=$(id -un)
node=$(hostname -s)
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
controller_port=$(free_port)
node_port=$(free_port)
memory_mb=$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)

rm -f "$dir/munge.key"
mungekey --create --keyfile="$dir/munge.key" >/dev/null
chmod 600 "$dir/munge.key"
cat > "$dir/slurm.conf" <<CONF
# Written by scripts/slurm-single-node.sh: a one-node cluster on $node for trying and testing BrainAug's slurm executor.
ClusterName=brainaug-single-node
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$controller_port
SlurmdPort=$node_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$dir/munge.socket
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"

pids=() watcher=
stop() {
  trap - EXIT INT TERM
  set +e # stop everything even where a process is already gone
  # Jobs first: their processes belong to slurmstepd, not to this script, and would outlive the daemons.
  if [ ${#pids[@]} -gt 0 ] && scancel --quiet --user="$user" 2>/dev/null; then
    for _ in $(seq 50); do [ -z "$(squeue --noheader --user="$user" 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  [ -n "$watcher" ] && kill "$watcher" 2>/dev/null
  wait 2>/dev/null
  say "stopped (logs in $dir/log)"
}
trap stop EXIT
trap 'exit 0' INT TERM

munged --foreground --force --key-file="$dir/munge.key" --socket="$dir/munge.socket" --pid-file="$dir/munged.pid" \
  --seed-file="$dir/munged.seed" --log-file="$dir/log/munged.log" 2>>"$dir/log/munged.log" &
pids+=($!)
for _ in $(seq 50); do [ -S "$dir/munge.socket" ] && break; sleep 0.1; done
slurmctld -D -i 2>>"$dir/log/slurmctld.log" &
pids+=($!)
slurmd -D -N "$node" 2>>"$dir/log/slurmd.log" &
pids+=($!)

if [ -n "$stop_with" ]; then
  (while kill -0 "$stop_with" 2>/dev/null; do sleep 1; done; kill -TERM $$) &
  watcher=$!
fi

for _ in $(seq 150); do
  if sinfo --noheader --nodes="$node" --format=%t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
    say "ready: export SLURM_CONF=$dir/slurm.conf"
    wait -n "${pids[@]}" || true
    say "a daemon exited; see $dir/log"
    exit 1
  fi
  sleep 0.2
done
say "the node did not come up within 30 s; see $dir/log"
exit 1
