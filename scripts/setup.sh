#!/usr/bin/env bash
# One-time (and idempotent) machine set-up shared by the README's two commands.
#
#   scripts/setup.sh [--apt PKG]... [--optional-apt PKG]...
#
# 1. checks the .NET SDK;
# 2. makes sure libstdc++ provides GLIBCXX_3.4.32, which TorchSharp 0.107's native library needs
#    (on Debian 12 as root it installs libstdc++6 from trixie, pinned low so nothing else upgrades);
# 3. installs the Debian packages asked for (--apt: required, --optional-apt: best effort);
# 4. makes sure a font is installed (plots have no text without one; installs fonts-dejavu-core as root);
# 5. restores NuGet packages for BrainAug.sln.
# When everything is already in place it finishes in a few seconds.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
required_apt=()
optional_apt=()
while [ $# -gt 0 ]; do
  case "$1" in
    --apt) required_apt+=("$2"); shift 2 ;;
    --optional-apt) optional_apt+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }
is_debian() { [ -r /etc/os-release ] && . /etc/os-release && [ "${ID:-}" = debian ] && [ "${VERSION_ID:-}" = "$1" ]; }

apt_updated=0
apt_install() {
  # apt_install [apt-get options] PKG...: runs `apt-get update` at most once per invocation.
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

has_fonts() {
  # The plotting library (SkiaSharp, under ScottPlot) looks for fonts only under /usr/share/fonts (checked with that
  # folder hidden: fonts elsewhere are not found); without one every plot's titles, labels and legends are blank.
  [ -n "$(find /usr/share/fonts -type f \( -name '*.ttf' -o -name '*.otf' \) -print -quit 2>/dev/null)" ]
}

ensure_fonts() {
  has_fonts && return
  is_root && command -v apt-get >/dev/null ||
    die "no TrueType/OpenType font under /usr/share/fonts, so plots would have no text: install one as root (Debian/Ubuntu: apt-get install fonts-dejavu-core)"
  say "no font under /usr/share/fonts: installing fonts-dejavu-core (plots draw their text with it)"
  apt_install --reinstall fonts-dejavu-core # --reinstall: also restores the files of an installed package whose fonts were deleted
  has_fonts || die "fonts-dejavu-core was installed but no font is found under /usr/share/fonts"
}

check_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required (dotnet not on PATH): https://dotnet.microsoft.com/download"
  local major
  major=$(dotnet --version | cut -d. -f1)
  [ "$major" -ge 10 ] || die ".NET SDK 10 or newer is required; found $(dotnet --version)"
}

libstdcxx_path() {
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}'
}

has_glibcxx_3_4_32() {
  local lib
  lib=$(libstdcxx_path)
  [ -n "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

write_trixie_pins() {
  # Everything from trixie at 100 (never chosen over bookworm), except glibc's packages at 990: trixie's
  # libstdc++6 brings trixie's libc6, and bookworm's libc6-dev & co. (needed by anything that pulls in a
  # compiler, e.g. python3-nibabel via scipy) demand the exact libc6 version they were built with.
  cat > /etc/apt/preferences.d/brainaug-trixie.pref <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100

Package: src:glibc
Pin: release n=trixie
Pin-Priority: 990
PIN
}

ensure_libstdcxx() {
  if [ -f /etc/apt/sources.list.d/brainaug-trixie.sources ] && is_root; then
    write_trixie_pins # keeps machines fixed by an older version of this script consistent
  fi
  if has_glibcxx_3_4_32; then
    return
  fi
  local requirement="TorchSharp 0.107 needs libstdc++ with GLIBCXX_3.4.32 (GCC 13 or newer). Supported systems: Ubuntu 24.04+, Debian 13+, Fedora 39+, or Debian 12 with this script run as root (it installs libstdc++6 from trixie)."
  if ! is_debian 12; then die "$requirement"; fi
  if ! is_root; then die "$requirement Re-run as root on this Debian 12 machine."; fi
  say "Debian 12: installing libstdc++6 from trixie (pinned at priority 100, so nothing else upgrades but glibc with it)"
  cat > /etc/apt/sources.list.d/brainaug-trixie.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  write_trixie_pins
  apt_updated=0
  apt_install -t trixie libstdc++6
  has_glibcxx_3_4_32 || die "libstdc++6 from trixie was installed but GLIBCXX_3.4.32 is still missing. $requirement"
}

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

ensure_apt_packages() {
  local required missing_optional
  required=$(missing_packages "${required_apt[@]+"${required_apt[@]}"}")
  missing_optional=$(missing_packages "${optional_apt[@]+"${optional_apt[@]}"}")
  if [ -n "$required" ]; then
    is_root && command -v apt-get >/dev/null ||
      die "these Debian packages are required and missing (install them as root): $(echo $required)"
    say "installing $(echo $required)"
    # shellcheck disable=SC2086
    apt_install $required
  fi
  if [ -n "$missing_optional" ]; then
    if is_root && command -v apt-get >/dev/null; then
      say "installing $(echo $missing_optional)"
      # shellcheck disable=SC2086
      apt_install $missing_optional || say "warning: could not install $(echo $missing_optional); continuing without"
    else
      say "warning: optional packages missing (not root, not installing): $(echo $missing_optional)"
    fi
  fi
}

check_dotnet
ensure_libstdcxx
ensure_apt_packages
ensure_fonts
say "restoring NuGet packages"
dotnet restore "$repo_root/BrainAug.sln" --nologo -v quiet >/dev/null || die "dotnet restore failed (run 'dotnet restore BrainAug.sln' to see why)"
say "ready"
