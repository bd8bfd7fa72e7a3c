#!/bin/sh
# Seed the fuzz corpora from the sample and the fixtures (pages for every
# target, SUMMARY files for `summary`). Files are named by their content's
# hash, as libFuzzer names what it adds, so seeding twice adds nothing.
set -eu
cd "$(dirname "$0")/.."
for target in tags front_matter page summary; do
  mkdir -p "fuzz/corpus/$target"
done
find content tests/fixtures tests/corpus -name '*.md' | while read -r file; do
  name=$(sha1sum "$file" | cut -c1-40)
  case "$(basename "$file")" in
    SUMMARY.md) cp "$file" "fuzz/corpus/summary/$name" ;;
    *) for target in tags front_matter page; do cp "$file" "fuzz/corpus/$target/$name"; done ;;
  esac
done
