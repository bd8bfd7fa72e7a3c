#!/usr/bin/env bash
# Install a released quire binary, checked against its published SHA-256,
# instead of compiling it: what a knowledge base's publishing workflow runs.
#
#   install-quire.sh --version X.Y.Z [--to DIR] [--base-url URL] [--target TRIPLE]
#
# Environment fallbacks: QUIRE_VERSION, QUIRE_INSTALL_DIR (default
# $HOME/.local/bin), QUIRE_BASE_URL (default: the GitHub release of the tag
# vX.Y.Z). The target is guessed from uname: static musl on Linux x86_64.
# A checksum that does not match installs nothing. Under GitHub Actions DIR is
# added to GITHUB_PATH, so later steps find `quire`.
set -euo pipefail

REPOSITORY=https://github.com/quire-docs/quire

usage() {
  echo "usage: install-quire.sh --version X.Y.Z [--to DIR] [--base-url URL] [--target TRIPLE]" >&2
  exit 2
}

die() {
  echo "install-quire: $*" >&2
  exit 1
}

detect_target() {
  local os arch
  os="$(uname -s)"
  arch="$(uname -m)"
  case "$os/$arch" in
    Linux/x86_64 | Linux/amd64) echo x86_64-unknown-linux-musl ;;
    Linux/aarch64 | Linux/arm64) echo aarch64-unknown-linux-gnu ;;
    Darwin/x86_64) echo x86_64-apple-darwin ;;
    Darwin/arm64 | Darwin/aarch64) echo aarch64-apple-darwin ;;
    *) die "no quire release for $os on $arch; build it with: cargo install --locked --git $REPOSITORY quire" ;;
  esac
}

# fetch URL FILE
fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    die "neither curl nor wget is installed"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

version="${QUIRE_VERSION:-}"
dir="${QUIRE_INSTALL_DIR:-${HOME:-}/.local/bin}"
base_url="${QUIRE_BASE_URL:-}"
target=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || usage; version="$2"; shift 2 ;;
    --to) [ $# -ge 2 ] || usage; dir="$2"; shift 2 ;;
    --base-url) [ $# -ge 2 ] || usage; base_url="$2"; shift 2 ;;
    --target) [ $# -ge 2 ] || usage; target="$2"; shift 2 ;;
    -h | --help) usage ;;
    *) echo "install-quire: unknown argument: $1" >&2; usage ;;
  esac
done

# A tag (v1.2.3) names the same release as its version.
version="${version#v}"
[ -n "$version" ] || die "which version? pass --version X.Y.Z or set QUIRE_VERSION"
[ -n "$target" ] || target="$(detect_target)"
base_url="${base_url:-$REPOSITORY/releases/download/v$version}"
base_url="${base_url%/}"

name="quire-$version-$target"
case "$target" in
  *windows*) asset="$name.zip" exe=quire.exe ;;
  *) asset="$name.tar.gz" exe=quire ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for file in "$asset" "$asset.sha256"; do
  fetch "$base_url/$file" "$tmp/$file" ||
    die "could not download $base_url/$file (is quire $version released for $target?)"
done

expected="$(cut -d' ' -f1 <"$tmp/$asset.sha256")"
actual="$(sha256_of "$tmp/$asset")"
case "$expected" in
  *[!0-9a-f]*) expected="" ;;
esac
[ ${#expected} -eq 64 ] || die "$asset.sha256 holds no SHA-256"
if [ "$expected" != "$actual" ]; then
  die "checksum mismatch for $asset: expected $expected, got $actual; nothing installed"
fi

mkdir "$tmp/unpacked"
case "$asset" in
  *.zip) unzip -q "$tmp/$asset" -d "$tmp/unpacked" ;;
  *) tar -xzf "$tmp/$asset" -C "$tmp/unpacked" ;;
esac
binary="$tmp/unpacked/$name/$exe"
[ -f "$binary" ] || die "$asset has no $name/$exe"

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
# Copy beside the old binary and rename over it, so a running quire is never
# half overwritten.
cp "$binary" "$dir/.$exe.part"
chmod 755 "$dir/.$exe.part"
mv -f "$dir/.$exe.part" "$dir/$exe"

echo "installed quire $version to $dir/$exe"
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dir" >>"$GITHUB_PATH"
fi
