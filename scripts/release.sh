#!/usr/bin/env bash
# Build quire for one target and package it for a GitHub release.
#
#   scripts/release.sh [--target TRIPLE] [--out DIR] [--binary PATH]
#
# Writes DIR/quire-<version>-<target>.tar.gz (a .zip for Windows targets)
# holding the folder quire-<version>-<target>/ with the binary, README.md,
# LICENSE and CHANGELOG.md, and beside it <asset>.sha256 in sha256sum's format.
# The target defaults to the host's, DIR to dist/. --binary packages an
# existing binary instead of running cargo (the tests use it).
#
# Runs under bash on Linux, macOS and Git Bash on Windows.
set -euo pipefail

usage() {
  echo "usage: scripts/release.sh [--target TRIPLE] [--out DIR] [--binary PATH]" >&2
  exit 2
}

die() {
  echo "release.sh: $*" >&2
  exit 1
}

# The first `version = "…"` of the [package] table.
cargo_version() {
  awk -F'"' '
    /^\[/ { in_package = ($0 == "[package]") }
    in_package && /^version *=/ { print $2; exit }
  ' Cargo.toml
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Zip FOLDER (relative to the working directory) into the absolute path ZIP.
# Git Bash has no zip, but the Windows runners have 7-Zip.
zip_folder() {
  if command -v zip >/dev/null 2>&1; then
    zip -qr "$2" "$1"
  elif command -v 7z >/dev/null 2>&1; then
    7z a -tzip -bso0 -bsp0 "$2" "$1"
  else
    die "neither zip nor 7z is installed"
  fi
}

target=""
out="dist"
binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --target) [ $# -ge 2 ] || usage; target="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --binary) [ $# -ge 2 ] || usage; binary="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "release.sh: unknown argument: $1" >&2; usage ;;
  esac
done

# Paths given are relative to the caller; everything else to the repository.
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if [ -n "$binary" ]; then
  [ -f "$binary" ] || die "no binary at $binary"
  binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"
fi
cd "$(dirname "$0")/.."
repo="$PWD"

version="$(cargo_version)"
[ -n "$version" ] || die "no version in Cargo.toml"
# Without --target, cargo builds for the host into target/release.
host_build=""
if [ -z "$target" ]; then
  target="$(rustc -vV | sed -n 's/^host: //p')"
  [ -n "$target" ] || die "could not read the host triple from rustc -vV"
  host_build=1
fi

name="quire-$version-$target"
case "$target" in
  *windows*) exe=quire.exe asset="$name.zip" ;;
  *) exe=quire asset="$name.tar.gz" ;;
esac

if [ -z "$binary" ]; then
  # No arrays: macOS's bash 3.2 calls an empty one unbound under set -u.
  if [ -n "$host_build" ]; then
    cargo build --release --locked
    binary="${CARGO_TARGET_DIR:-target}/release/$exe"
  else
    cargo build --release --locked --target "$target"
    binary="${CARGO_TARGET_DIR:-target}/$target/release/$exe"
  fi
  [ -f "$binary" ] || die "cargo built no $binary"
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
for doc in README.md LICENSE CHANGELOG.md; do
  if [ -f "$repo/$doc" ]; then
    cp "$repo/$doc" "$stage/$name/"
  fi
done

rm -f "$out/$asset" "$out/$asset.sha256"
(
  cd "$stage"
  case "$asset" in
    *.zip) zip_folder "$name" "$out/$asset" ;;
    # COPYFILE_DISABLE keeps macOS tar from adding ._ resource-fork files.
    *) COPYFILE_DISABLE=1 tar -czf "$out/$asset" "$name" ;;
  esac
)

# Written by hand rather than by sha256sum itself, which on Windows marks the
# file name with a `*` (binary mode).
printf '%s  %s\n' "$(sha256_of "$out/$asset")" "$asset" >"$out/$asset.sha256"
echo "$out/$asset"
