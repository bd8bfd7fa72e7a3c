#!/bin/sh
# Make the working corpora under fuzz/work/ (git-ignored), which fuzzing
# grows: the committed seed corpus (fuzz/corpus/), the named regressions
# (fuzz/regressions/), and every page of the sample and the fixtures (pages
# for tags, front_matter and page; SUMMARY files for summary). Pages are
# named by their content's hash, as libFuzzer names what it adds, so seeding
# twice adds nothing.
set -eu
cd "$(dirname "$0")/.."
for target in tags front_matter summary page html_urls redirects; do
  mkdir -p "fuzz/work/$target"
  for dir in "fuzz/corpus/$target" "fuzz/regressions/$target"; do
    if [ -d "$dir" ]; then
      find "$dir" -type f -exec cp {} "fuzz/work/$target/" \;
    fi
  done
done
find content tests/fixtures tests/corpus -name '*.md' | while read -r file; do
  name=$(sha1sum "$file" | cut -c1-40)
  case "$(basename "$file")" in
    SUMMARY.md) cp "$file" "fuzz/work/summary/$name" ;;
    *) for target in tags front_matter page; do cp "$file" "fuzz/work/$target/$name"; done ;;
  esac
done
