#!/usr/bin/env python3
"""Pick the seed corpus of one target from a working corpus (fuzz/README.md).

`cargo fuzz cmin` keeps every input that adds any coverage, smallest first:
on quire's corpora that kept thousands. This runs the target's libFuzzer
merge with -set_cover_merge=1 -use_counters=0, which records every input's
features (edges), then picks inputs greedily, the one adding most new
features first, and stops when the next would add fewer than --least.

    python3 fuzz/cover.py page fuzz/work/page fuzz/corpus/page
"""
import argparse
import glob
import heapq
import os
import shutil
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("target")
ap.add_argument("work")
ap.add_argument("seed")
ap.add_argument("--least", type=int, default=5)
args = ap.parse_args()

here = os.path.dirname(os.path.abspath(__file__))
built = glob.glob(os.path.join(here, "target/*/release", args.target))
if not built:
    sys.exit(f"no {args.target} binary: run `cargo +nightly fuzz build {args.target}` in fuzz/")
binary = built[0]

with tempfile.TemporaryDirectory() as tmp:
    control = os.path.join(tmp, "control")
    os.mkdir(os.path.join(tmp, "out"))
    subprocess.run(
        [binary, "-merge=1", "-set_cover_merge=1", "-use_counters=0",
         f"-merge_control_file={control}", os.path.join(tmp, "out"), args.work],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = open(control).read().split("\n")

count = int(lines[0])
files = lines[2:2 + count]
features = {}
for line in lines[2 + count:]:
    fields = line.split()
    if fields and fields[0] == "FT":
        features[int(fields[1])] = set(map(int, fields[2:]))

# Lazy greedy set cover: a gain only shrinks as coverage grows.
covered, picked = set(), []
heap = [(-len(f), os.path.getsize(files[i]), i) for i, f in features.items() if f]
heapq.heapify(heap)
while heap:
    _, size, i = heapq.heappop(heap)
    gain = len(features[i] - covered)
    if heap and gain < -heap[0][0]:
        heapq.heappush(heap, (-gain, size, i))
        continue
    if gain < args.least:
        break
    covered |= features[i]
    picked.append(files[i])

total = len(set().union(*features.values())) if features else 0
shutil.rmtree(args.seed, ignore_errors=True)
os.makedirs(args.seed)
for path in picked:
    shutil.copy(path, args.seed)
print(f"{args.target}: {len(picked)} of {len(files)} inputs, "
      f"{len(covered)} of {total} features ({len(covered) / max(total, 1):.1%})")
