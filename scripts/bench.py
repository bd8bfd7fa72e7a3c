#!/usr/bin/env python3
"""Benchmark quire on generated GitBook spaces.

Generates deterministic spaces with `examples/gen-space.rs` (cached under
target/bench/), builds each several times with the release binary, and
reports medians: wall and CPU time, pages per second, peak memory, output
bytes and bytes per page.

    python3 scripts/bench.py                 # 1,000 and 10,000 pages, 5 runs each
    python3 scripts/bench.py --pages 1000 --runs 3
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "target" / "bench"


def cargo_build():
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "quire", "--example", "gen-space"],
        cwd=ROOT,
        check=True,
    )


def space(pages):
    path = BENCH / f"space-{pages}"
    if not (path / "SUMMARY.md").is_file():
        if path.exists():
            shutil.rmtree(path)
        gen = ROOT / "target" / "release" / "examples" / "gen-space"
        subprocess.run([str(gen), "--pages", str(pages), "--out", str(path)], check=True)
    return path


def run_once(space_dir, out_dir):
    """One build in a child process; returns wall seconds, CPU seconds, peak RSS in KiB."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(ROOT / "target" / "release" / "quire"), "build", str(space_dir), "--out", str(out_dir), "-q"],
        stderr=subprocess.PIPE,
    )
    # wait4 gives this child's own usage (RUSAGE_CHILDREN would include cargo).
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    stderr = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"quire build failed ({code}):\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def tree_bytes(path, suffix=None):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            if suffix is None or name.endswith(suffix):
                total += os.path.getsize(os.path.join(root, name))
    return total


def bench(pages, runs):
    space_dir = space(pages)
    out_dir = BENCH / f"site-{pages}"
    walls, cpus, rss = [], [], 0
    for _ in range(runs):
        wall, cpu, peak = run_once(space_dir, out_dir)
        walls.append(wall)
        cpus.append(cpu)
        rss = max(rss, peak)
    html = tree_bytes(out_dir, ".html")
    total = tree_bytes(out_dir)
    wall = statistics.median(walls)
    return {
        "pages": pages,
        "wall_s": wall,
        "cpu_s": statistics.median(cpus),
        "pages_per_s": pages / wall,
        "peak_rss_mb": rss / 1024,
        "output_bytes": total,
        "html_bytes_per_page": html / pages,
        "runs": runs,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, action="append", help="space size (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = args.pages or [1000, 10000]
    cargo_build()
    results = [bench(n, args.runs) for n in sizes]
    print(f"{'pages':>7} {'wall s':>8} {'cpu s':>8} {'pages/s':>9} {'peak MB':>8} {'output MB':>10} {'B/page':>8}")
    for r in results:
        print(
            f"{r['pages']:>7} {r['wall_s']:>8.3f} {r['cpu_s']:>8.3f} {r['pages_per_s']:>9.0f} "
            f"{r['peak_rss_mb']:>8.1f} {r['output_bytes'] / 1e6:>10.1f} {r['html_bytes_per_page']:>8.0f}"
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        print(
            f"growth {small['pages']}→{large['pages']}: time/page ×"
            f"{(large['wall_s'] / large['pages']) / (small['wall_s'] / small['pages']):.2f}, "
            f"bytes/page ×{large['html_bytes_per_page'] / small['html_bytes_per_page']:.2f}"
        )


if __name__ == "__main__":
    main()
