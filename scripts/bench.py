#!/usr/bin/env python3
"""Benchmark quire on generated GitBook spaces (issue 10).

Generates deterministic spaces with `examples/gen-space.rs` (cached under
target/bench/) and measures the release binary (or, with --profile profiling,
the same code with symbols for perf and callgrind) on each size. Build figures
are medians of --runs runs (peak memory: the largest run); serve figures are
medians of 5 saves:

- full build: `quire build` into a new output folder with an empty
  highlight cache (wall and CPU time, pages per second, peak RSS);
- warm build: the same, with the highlight cache the full builds left
  (what a second build, or `quire build` after `quire check` in CI, costs);
- lean warm build: the warm build without the outputs Hugo does not make
  here (Markdown twins, llms files, print.html; the search index stays), so
  that the ratio to Hugo can be read both ways;
- no-op rebuild: `quire build` again over the existing output, no source
  change, warm cache;
- output: bytes of the whole output, and per page; HTML bytes per page;
- search: bytes of `search/`, raw and gzip -6 per file summed, for the index
  proper (manifest.js, lengths-*.js, terms-*.js) and for the section texts
  the results show (sections-*.js), apart;
- serve edit: `quire serve` on a temporary copy of the space, one page's body
  saved atomically 5 times: quire's own `rebuilt 1 page in N ms` and the
  time from save to the new page being served (which includes the watcher's
  debounce), and until the new search index is served (each save waits for it);
- CPU use of the full and warm builds: (user + system) / (wall × cores),
  cores being os.cpu_count();
- Hugo: when `hugo` is on PATH, the same prose as plain Markdown
  (`gen-space --plain`) built by Hugo in the same run, alternating with quire
  (quire cold, quire warm, quire lean, Hugo, --runs times), so that the
  ratios cold/Hugo, warm/Hugo and lean/Hugo come from one stretch of the machine's load; each Hugo build
  writes a new folder, as quire's do;
- peers: when `mdbook` is on PATH, the same plain prose built by it after
  quire's runs, and quire's full build time over its.

Then each target of issue 10 with its measured value, met or not.

    python3 scripts/bench.py                 # 1,000 and 10,000 pages, 5 runs each
    python3 scripts/bench.py --pages 1000 --runs 3 --json /tmp/bench.json
    python3 scripts/bench.py --pages 1000 --profile profiling   # then perf the same binary

With --scaling it measures instead the inputs of issue 22 §7 whose cost
grew with the square of their size (broken links, headings with one slug,
nested YAML flow collections, nested groups in a formula), and later ones
(headings half inside blocks, whose search text was checked one against
each): `quire build -q`
of each at 1× and 4× its size (the 4× size is the one the issue timed),
median wall time of --runs runs (3 by default here), and the ratio. A
ratio over 6 is a failure (linear work gives about 4, quadratic 16): the
script then exits 1.

    python3 scripts/bench.py --scaling

With --instructions it counts instructions instead of timing (callgrind,
which counts every thread; the counts do not move with the machine's load
as times do): quire cold, warm, lean (as above) and bare (lean without the
search index: pages only, what Hugo's build here writes, plus the theme),
and Hugo on the plain twin, once each, per page and over Hugo's count.
About 5 minutes at 1,000 pages (the default size here).

    python3 scripts/bench.py --instructions
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no scripts/__pycache__ from the import below
sys.path.insert(0, str(Path(__file__).resolve().parent))
import serve_latency  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "target" / "bench"
# The binaries measured, target/<profile>/ (see use_profile).
BUILT = ROOT / "target" / "release"
QUIRE = BUILT / "quire"
SEARCH_WAIT_S = 600
CORES = os.cpu_count() or 1
SAVES = 5


def main():
    args = parse_args()
    use_profile(args.profile)
    cargo_build(args.profile)
    if args.scaling:
        sys.exit(scaling(args))
    if args.instructions:
        sys.exit(instructions(args))
    wait_out_deletions()
    try:
        results = [bench(pages, args) for pages in args.pages or [1000, 10000]]
        print_table(results)
        print_growth(results)
        print_hugo(results)
        peers = run_peers(results, args.runs)
        targets = check_targets(results)
    finally:
        empty_trash()
    if args.json:
        args.json.write_text(json.dumps({"sizes": results, "peers": peers, "targets": targets}, indent=2) + "\n")
        print(f"wrote {args.json}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, action="append", help="space size (repeatable; default 1000 and 10000)")
    parser.add_argument("--runs", type=int, help="runs per measurement (default 5; 3 with --scaling)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every result to FILE")
    parser.add_argument("--skip-serve", action="store_true", help="do not time the serve edit")
    parser.add_argument(
        "--profile",
        default="release",
        help="cargo profile to build and measure: release (what users run, the default) "
        "or profiling (the same code with symbols, for perf and callgrind)",
    )
    parser.add_argument("--scaling", action="store_true", help="time issue 22's quadratic inputs at 1× and 4× instead")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions with callgrind instead of timing (1,000 pages by default)"
    )
    args = parser.parse_args()
    if args.runs is None:
        args.runs = 3 if args.scaling else 5
    return args


def use_profile(profile):
    """Measure the binaries cargo builds with this profile."""
    global BUILT, QUIRE
    BUILT = ROOT / "target" / profile
    QUIRE = BUILT / "quire"


def cargo_build(profile):
    subprocess.run(
        ["cargo", "build", "--profile", profile, "--quiet", "--bin", "quire", "--example", "gen-space"],
        cwd=ROOT,
        check=True,
    )


def generated(pages, plain=False):
    """The cached space of `pages` pages (plain Markdown with `plain`)."""
    path = BENCH / f"space-{pages}{'-plain' if plain else ''}"
    if not (path / "SUMMARY.md").is_file():
        if path.exists():
            discard(path)
        command = [str(BUILT / "examples" / "gen-space"), "--pages", str(pages), "--out", str(path)]
        subprocess.run(command + (["--plain"] if plain else []), check=True)
    return path


# --- measurements ------------------------------------------------------------


def bench(pages, args):
    space_dir = generated(pages)
    out_dir = BENCH / f"site-{pages}"
    hugo = hugo_builder(pages)
    print(f"{pages} pages: {args.runs} full builds cold and warm{', each followed by Hugo' if hugo else ''}, "
          f"{args.runs} no-op rebuilds", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="quire-bench-cache-") as caches:
        lean_config = write_lean_config(space_dir, Path(caches))
        full, warm, lean, peer, warm_cache, leftovers = fresh_builds(
            space_dir, out_dir, args.runs, Path(caches), hugo, lean_config)
        noop = [timed_build(space_dir, out_dir, warm_cache) for _ in range(args.runs)]
    result = {
        "pages": pages,
        "runs": args.runs,
        "full": summarize(full, pages),
        "warm": summarize(warm, pages),
        "lean": summarize(lean, pages),
        "noop": summarize(noop, pages),
        "hugo": summarize(peer, pages) if peer else None,
        "output_bytes": tree_bytes(out_dir),
        "html_bytes_per_page": tree_bytes(out_dir, ".html") / pages,
        "search": search_bytes(out_dir / "search"),
    }
    if not args.skip_serve:
        result["serve"] = serve_edit(space_dir, SAVES)
    for folder in leftovers:
        discard(folder)
    return result


def write_lean_config(space_dir, caches):
    """A quire.yaml for `space_dir` that writes only what Hugo's build here
    writes too, pages (plus quire's search index): no Markdown twins, llms
    files or print.html."""
    config = caches / "lean.yaml"
    config.write_text(f"content: {json.dumps(str(space_dir.resolve()))}\n"
                      "outputs: { markdown: false, llms: false, print: false }\n")
    return config


def fresh_builds(space_dir, out_dir, runs, caches, hugo, lean_config):
    """Full builds, each into a new folder with no previous output to reuse,
    alternating: cold (an empty highlight cache), warm (the cache that cold
    run left), lean (warm, with `lean_config`), then `hugo(n)` if given,
    `runs` times over. Alternating puts quire and Hugo under the same load,
    so their ratios hold when the machine's speed drifts. Returns the four
    lists of results, the warm cache folder, and the folders this size no
    longer needs once measured.

    The last cold build stays as `out_dir` for the no-op rebuilds.
    """
    folders = [out_dir.with_name(f"{out_dir.name}-run{n}") for n in range(runs)]
    warm_folders = [out_dir.with_name(f"{out_dir.name}-warm{n}") for n in range(runs)]
    lean_folders = [out_dir.with_name(f"{out_dir.name}-lean{n}") for n in range(runs)]
    for stale in [out_dir, *folders, *warm_folders, *lean_folders]:
        if stale.exists():
            discard(stale)
    cold, warm, lean, peer = [], [], [], []
    for n in range(runs):
        cold.append(timed_build(space_dir, folders[n], caches / f"cold{n}"))
        warm.append(timed_build(space_dir, warm_folders[n], caches / f"cold{n}"))
        lean.append(timed_build(space_dir, lean_folders[n], caches / f"cold{n}", lean_config))
        if hugo:
            peer.append(hugo(n))
    folders[-1].rename(out_dir)
    leftovers = folders[:-1] + warm_folders + lean_folders
    return cold, warm, lean, peer, caches / f"cold{runs - 1}", leftovers


# Nothing is deleted while the benchmark runs: folders it is done with are
# moved here and deleted at the end. On ext4 without a journal (this
# machine), an inode freed less than 60 s ago, or 360 s while its
# inode-table block is dirty, is skipped when a file is created, one
# buffer-cache lookup each (`recently_deleted` in fs/ext4/ialloc.c). A
# 10,000-page build started right after deleting a previous output spent a
# third of its time there, and creating new files keeps re-dirtying those
# blocks, so a short pause does not help.
TRASH = BENCH / "trash"
# When a run last emptied TRASH; the next run waits until that is no longer recent.
DELETED_AT = BENCH / "trash.deleted-at"
RECENTLY_DELETED_S = 370


def discard(folder):
    TRASH.mkdir(parents=True, exist_ok=True)
    folder.rename(TRASH / f"{folder.name}-{time.time_ns()}")


def empty_trash():
    if TRASH.exists():
        print("deleting the benchmark's spent folders", file=sys.stderr)
        shutil.rmtree(TRASH)
        DELETED_AT.write_text(f"{time.time()}\n")


def wait_out_deletions():
    """Sleep until the last run's deletions are no longer recent to ext4."""
    try:
        deleted = float(DELETED_AT.read_text())
    except (OSError, ValueError):
        return
    remaining = RECENTLY_DELETED_S - (time.time() - deleted)
    if remaining > 0:
        print(f"waiting {remaining:.0f} s for the last run's deleted files to age (see TRASH)", file=sys.stderr)
        time.sleep(remaining)


def timed_build(space_dir, out_dir, cache_dir, config=None):
    """One `quire build` in a child process, with its highlight cache in
    `cache_dir` (and `config` instead of the space's quire.yaml): wall
    seconds, CPU seconds, peak RSS in KiB."""
    command = [str(QUIRE), "build", str(space_dir), "--out", str(out_dir), "-q"]
    if config is not None:
        command += ["--config", str(config)]
    return timed(command, cwd=None, env={**os.environ, "QUIRE_CACHE_DIR": str(cache_dir)})


def timed(command, cwd, env=None):
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own usage (RUSAGE_CHILDREN would include cargo).
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    stderr = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(command)} failed ({code}):\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def summarize(runs, pages):
    wall = statistics.median(r[0] for r in runs)
    return {
        "wall_s": wall,
        "cpu_s": statistics.median(r[1] for r in runs),
        # Share of the machine busy: 1.0 is every core for the whole build.
        "cpu_use": statistics.median(r[1] / (r[0] * CORES) for r in runs),
        "pages_per_s": pages / wall,
        "peak_rss_mb": max(r[2] for r in runs) / 1024,
    }


def tree_bytes(path, suffix=None):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file() and str(f).endswith(suffix or ""))


def search_bytes(search_dir):
    """Raw and gzip bytes of `search/` (any space folder in it), by kind of file."""
    kinds = {}
    for file in sorted(p for p in search_dir.rglob("*") if p.is_file()):
        kind = re.match(r"[a-z]*", file.name).group(0)  # manifest, lengths, terms, sections
        data = file.read_bytes()
        raw, gz = kinds.get(kind, (0, 0))
        kinds[kind] = (raw + len(data), gz + len(gzip.compress(data, compresslevel=6)))
    index = [v for k, v in kinds.items() if k != "sections"]
    return {
        "index_raw": sum(raw for raw, _ in index),
        "index_gzip": sum(gz for _, gz in index),
        "sections_raw": kinds.get("sections", (0, 0))[0],
        "sections_gzip": kinds.get("sections", (0, 0))[1],
        "by_kind": {k: {"raw": raw, "gzip": gz} for k, (raw, gz) in kinds.items()},
    }


def serve_edit(space_dir, saves):
    """Median rebuild and save → served times of `saves` body edits of one page."""
    page = edited_page(space_dir)
    print(f"serve: {saves} saves of {page}", file=sys.stderr)
    TRASH.mkdir(parents=True, exist_ok=True)
    with serve_latency.Served(QUIRE, space_dir, keep_in=TRASH) as server:
        manifest = wait_for_search(server, None)
        results, searched = [], []
        for i in range(saves):
            started = time.perf_counter()
            results.append(server.save(page, i))
            manifest = wait_for_search(server, manifest)
            searched.append(time.perf_counter() - started)
    rebuilt = [what for what, _ in server.rebuilds]
    return {
        "page": page,
        "saves": saves,
        "rebuild_ms": statistics.median(ms for _, ms in server.rebuilds) if rebuilt else None,
        "served_ms": statistics.median(served for _, served in results),
        "reload_ms": statistics.median(reload for reload, _ in results),
        "search_s": statistics.median(searched),
        "incremental": rebuilt == ["rebuilt 1 page"] * saves,
        "rebuild_lines": rebuilt,
    }


def edited_page(space_dir):
    """A page in the middle of SUMMARY.md with a plain ASCII path and no README."""
    summary = (space_dir / "SUMMARY.md").read_text(encoding="utf-8")
    pages = [p for p in re.findall(r"\]\(([a-z0-9/-]+\.md)\)", summary) if not p.endswith("README.md")]
    return pages[len(pages) // 2]


def wait_for_search(server, previous):
    """The served search manifest once it differs from `previous` (the index
    of the last edit swapped in), so that the next save does not compete with it."""
    deadline = time.perf_counter() + SEARCH_WAIT_S
    while time.perf_counter() < deadline:
        status, body = server.get("search/manifest.js")
        if status == 200 and body != previous:
            return body
        time.sleep(0.05)
    sys.exit("quire serve never served a new search index")


# --- peers -------------------------------------------------------------------


def hugo_builder(pages):
    """A function that times Hugo's build n of this size's plain twin, or
    None when hugo is not installed. Each build writes a new folder."""
    if not shutil.which("hugo"):
        return None
    TRASH.mkdir(parents=True, exist_ok=True)
    site = Path(tempfile.mkdtemp(dir=TRASH))  # deleted at the end, as quire's folders
    command = hugo_site(generated(pages, plain=True), site)

    def build(n):
        return timed(command + ["--destination", str(site / f"public{n}")], cwd=site)

    return build


def run_peers(results, runs):
    """Build the plain-Markdown twin of each space with mdbook, if installed
    (Hugo's builds alternate with quire's, in `bench`)."""
    tools = {"mdbook": mdbook_book}
    found = [name for name in tools if shutil.which(name)]
    if not found:
        print("peers: skipped (mdbook is not on PATH)")
        return []
    peers = []
    for result in results:
        for name in found:
            TRASH.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(dir=TRASH))  # deleted at the end, as quire's folders
            command = tools[name](generated(result["pages"], plain=True), tmp)
            wall = statistics.median(timed(command, cwd=tmp)[0] for _ in range(runs))
            ratio = result["full"]["wall_s"] / wall
            peers.append({"pages": result["pages"], "tool": name, "wall_s": wall, "quire_over_peer": ratio})
            print(f"peer {name:>6} {result['pages']:>6} pages: {wall:.3f} s; quire takes ×{ratio:.2f} its time")
    return peers


def hugo_site(plain, site):
    shutil.copytree(plain, site / "content")
    (site / "hugo.toml").write_text('title = "bench"\ndisableKinds = ["taxonomy", "term"]\n')
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):  # no theme: just the page body
        (layouts / name).write_text("<!doctype html><title>{{ .Title }}</title>{{ .Content }}\n")
    return ["hugo", "--quiet"]


def mdbook_book(plain, book):
    shutil.copytree(plain, book / "src")
    (book / "book.toml").write_text('[book]\ntitle = "bench"\nsrc = "src"\n')
    return ["mdbook", "build", str(book)]


# --- report ------------------------------------------------------------------


def print_table(results):
    rows = [
        ("full build wall s", lambda r: f"{r['full']['wall_s']:.3f}"),
        ("full build CPU s", lambda r: f"{r['full']['cpu_s']:.3f}"),
        (f"full build CPU use ({CORES} cores)", lambda r: f"{r['full']['cpu_use']:.2f}"),
        ("pages/s", lambda r: f"{r['full']['pages_per_s']:.0f}"),
        ("peak RSS MB", lambda r: f"{r['full']['peak_rss_mb']:.1f}"),
        ("warm build wall s", lambda r: f"{r['warm']['wall_s']:.3f}"),
        ("warm build CPU s", lambda r: f"{r['warm']['cpu_s']:.3f}"),
        (f"warm build CPU use ({CORES} cores)", lambda r: f"{r['warm']['cpu_use']:.2f}"),
        ("lean warm build wall s", lambda r: f"{r['lean']['wall_s']:.3f}"),
        ("no-op rebuild wall s", lambda r: f"{r['noop']['wall_s']:.3f}"),
        ("no-op rebuild CPU s", lambda r: f"{r['noop']['cpu_s']:.3f}"),
        ("output MB", lambda r: f"{r['output_bytes'] / 1e6:.1f}"),
        ("output bytes/page", lambda r: f"{r['output_bytes'] / r['pages']:.0f}"),
        ("HTML bytes/page", lambda r: f"{r['html_bytes_per_page']:.0f}"),
        ("search index KB (raw)", lambda r: f"{r['search']['index_raw'] / 1e3:.0f}"),
        ("search index KB (gzip)", lambda r: f"{r['search']['index_gzip'] / 1e3:.0f}"),
        ("search sections KB (raw)", lambda r: f"{r['search']['sections_raw'] / 1e3:.0f}"),
        ("search sections KB (gzip)", lambda r: f"{r['search']['sections_gzip'] / 1e3:.0f}"),
        ("serve edit: rebuild ms", lambda r: serve_cell(r, "rebuild_ms", "{:.0f}")),
        ("serve edit: save→served ms", lambda r: serve_cell(r, "served_ms", "{:.0f}")),
        ("serve edit: save→search s", lambda r: serve_cell(r, "search_s", "{:.2f}")),
    ]
    label = max(len(name) for name, _ in rows)
    print(f"\n{'pages':<{label}}" + "".join(f"{r['pages']:>12}" for r in results))
    for name, cell in rows:
        print(f"{name:<{label}}" + "".join(f"{cell(r):>12}" for r in results))
    print(f"(medians of {results[0]['runs']} runs; full = empty highlight cache, warm = the cache a full "
          "build left; peak RSS is the largest; search index = manifest, lengths-*, terms-*; "
          "sections = sections-* excerpt shards)")
    for r in results:
        if "serve" in r and not r["serve"]["incremental"]:
            print(f"note: serve edit at {r['pages']} pages did not rebuild 1 page each time: {r['serve']['rebuild_lines']}")


def serve_cell(result, key, form):
    value = result.get("serve", {}).get(key)
    return "-" if value is None else form.format(value)


def print_hugo(results):
    """Quire against Hugo, the times of one run that alternated them."""
    measured = [r for r in results if r["hugo"]]
    if not measured:
        print("\nhugo: skipped (not on PATH)")
        return
    print(f"\n{'':>6} {'pages':>6} {'quire cold':>11} {'quire warm':>11} {'quire lean':>11} {'Hugo':>9} "
          f"{'cold/Hugo':>10} {'warm/Hugo':>10} {'lean/Hugo':>10}")
    for r in measured:
        cold, warm, lean, hugo = (r[k]["wall_s"] for k in ("full", "warm", "lean", "hugo"))
        print(f"{'':>6} {r['pages']:>6} {cold:>9.3f} s {warm:>9.3f} s {lean:>9.3f} s {hugo:>7.3f} s "
              f"{cold / hugo:>10.3f} {warm / hugo:>10.3f} {lean / hugo:>10.3f}")
    print(f"(medians of {measured[0]['runs']} runs, quire cold, warm, lean and Hugo alternating; lean = warm "
          "without the outputs Hugo does not make here: Markdown twins, llms files, print.html; "
          f"quire's CPU use {', '.join(cpu_use(r) for r in measured)})")


def cpu_use(result):
    return f"{result['full']['cpu_use']:.2f} cold and {result['warm']['cpu_use']:.2f} warm at {result['pages']} pages"


def print_growth(results):
    if len(results) < 2:
        return
    small, large = results[0], results[-1]
    print(
        f"growth {small['pages']}→{large['pages']}: time/page ×{per_page_ratio(small, large, 'wall_s'):.2f}, "
        f"HTML bytes/page ×{large['html_bytes_per_page'] / small['html_bytes_per_page']:.2f}"
    )


def per_page_ratio(small, large, key):
    return (large["full"][key] / large["pages"]) / (small["full"][key] / small["pages"])


def check_targets(results):
    """Issue 10's targets that the measured sizes allow, printed and returned."""
    by_size = {r["pages"]: r for r in results}
    targets = []

    def target(name, value, limit, unit):
        targets.append({"target": name, "value": value, "limit": limit, "met": value <= limit})
        print(f"  {name:<44} {value:>9.3f} {unit:<3} ≤ {limit:<6} {'met' if value <= limit else 'NOT MET'}")

    print("\ntargets:")
    if 1000 in by_size:
        target("full build with search, 1,000 pages", by_size[1000]["full"]["wall_s"], 0.25, "s")
        target("  the same, warm highlight cache", by_size[1000]["warm"]["wall_s"], 0.25, "s")
        if by_size[1000].get("serve", {}).get("rebuild_ms") is not None:
            target("one-page edit re-rendered, 1,000 pages", by_size[1000]["serve"]["rebuild_ms"], 30, "ms")
    if 10000 in by_size:
        large = by_size[10000]
        target("full build with search, 10,000 pages", large["full"]["wall_s"], 2.5, "s")
        target("  the same, warm highlight cache", large["warm"]["wall_s"], 2.5, "s")
        target("peak memory, 10,000 pages", large["full"]["peak_rss_mb"] / 1024, 1.0, "GB")
        if large.get("serve", {}).get("rebuild_ms") is not None:
            target("one-page edit re-rendered, 10,000 pages", large["serve"]["rebuild_ms"], 30, "ms")
    if 1000 in by_size and 10000 in by_size:
        small, large = by_size[1000], by_size[10000]
        target("time/page at 10,000 over 1,000", per_page_ratio(small, large, "wall_s"), 1.3, "×")
        bytes_ratio = large["html_bytes_per_page"] / small["html_bytes_per_page"]
        target("HTML bytes/page at 10,000 over 1,000", bytes_ratio, 1.3, "×")
    if not targets:
        print("  (the targets are for 1,000 and 10,000 pages)")
    return targets


# --- instructions ------------------------------------------------------------


def instructions(args):
    """Count the instructions of quire's builds and of Hugo's with callgrind
    and print them per page; 1 when valgrind is missing."""
    if not shutil.which("valgrind"):
        print("instructions: valgrind is not on PATH", file=sys.stderr)
        return 1
    rows = []
    for pages in args.pages or [1000]:
        rows += counted_builds(pages)
    print(f"\n{'pages':>6} {'build':<6} {'instructions':>16} {'M/page':>8} {'over Hugo':>10}")
    for pages, name, count in rows:
        hugo = next((c for p, n, c in rows if p == pages and n == "Hugo"), None)
        ratio = f"{count / hugo:>10.3f}" if hugo else f"{'':>10}"
        print(f"{pages:>6} {name:<6} {count:>16,} {count / pages / 1e6:>8.2f} {ratio}")
    print("(callgrind, every thread; cold = empty highlight cache, warm = the cache cold left, "
          "lean = warm without twins, llms files and print.html, bare = lean without search; "
          "Hugo with GODEBUG=asyncpreemptoff=1, without which valgrind stops on its signals)")
    return 0


def counted_builds(pages):
    """(pages, build, instructions) of each build of this size."""
    space_dir = generated(pages)
    print(f"{pages} pages: quire cold, warm, lean and bare{', then Hugo' if shutil.which('hugo') else ''} "
          "under callgrind", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory(prefix="quire-bench-instr-") as scratch:
        scratch = Path(scratch)
        lean = write_lean_config(space_dir, scratch)
        bare = scratch / "bare.yaml"
        bare.write_text(lean.read_text() + "search: { enabled: false }\n")
        env = {**os.environ, "QUIRE_CACHE_DIR": str(scratch / "cache")}
        for name, config in (("cold", None), ("warm", None), ("lean", lean), ("bare", bare)):
            command = [str(QUIRE), "build", str(space_dir), "--out", str(scratch / name), "-q"]
            command += ["--config", str(config)] if config else []
            rows.append((pages, name, callgrind(command, scratch, env, scratch / "callgrind.out")))
        if shutil.which("hugo"):
            site = scratch / "hugo"
            command = hugo_site(generated(pages, plain=True), site)
            env = {**os.environ, "GODEBUG": "asyncpreemptoff=1"}
            command += ["--destination", str(site / "public")]
            rows.append((pages, "Hugo", callgrind(command, site, env, scratch / "callgrind.out")))
    return rows


def callgrind(command, cwd, env, out):
    """Instructions `command` ran in `cwd`, all threads, as callgrind
    counts them (its profile written to `out`, then deleted)."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    found = re.search(r"(?:I\s+refs|Collected)\s*:\s*([\d,]+)", run.stderr)
    if run.returncode != 0 or not found:
        sys.exit(f"{' '.join(command)} under callgrind failed ({run.returncode}):\n{run.stderr[-2000:]}")
    out.unlink(missing_ok=True)
    return int(found.group(1).replace(",", ""))


# --- scaling (issue 22 §7) -----------------------------------------------------

SCALING_LIMIT = 6
# A run this long is not repeated: its size already says what the ratio is.
SCALING_SLOW_S = 30
SCALING_TIMEOUT_S = 900


def scaling_cases():
    """(what, size at 4×, files of a space of that size) for each input."""

    def links(n):
        return {"README.md": "# Home\n\n" + "".join(f"[l{i}](gone{i}.md)\n" for i in range(n))}

    def headings(n):
        return {"README.md": "# Home\n\n" + "## Setup!\n\n" * n}

    def yaml_flow(n):
        return {"README.md": "---\ntags: " + "[" * (n // 2) + "]" * (n // 2) + "\n---\n# Home\n"}

    def headings_in_blocks(n):
        # Search text: headings inside blocks checked against those outside.
        return {"README.md": "# Home\n\n" + "".join(
            f"## Top {i}\n\n{{% hint %}}\n## In {i}\n{{% endhint %}}\n\n" for i in range(n // 2))}

    def formula(n):
        return {"README.md": "# Home\n\n$$" + "{" * n + "x" + "}" * n + "$$\n"}

    return [
        ("broken links on one page", 40_000, links),
        ("headings with one slug", 20_000, headings),
        ("characters of nested YAML flow", 200_000, yaml_flow),
        ("nested { in a formula", 50_000, formula),
        ("headings, half inside blocks", 128_000, headings_in_blocks),
    ]


def scaling(args):
    """Time each case at 1× and 4×; print the ratios; 1 if one is over the limit."""
    print(f"scaling: median wall time of `quire build -q` over {args.runs} runs, 1× and 4× each input", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory(prefix="quire-scaling-") as scratch:
        for what, large, make in scaling_cases():
            small = large // 4
            times = [scaling_time(Path(scratch), make(size), args.runs) for size in (small, large)]
            ratio = times[1] / times[0] if None not in times else None
            rows.append({"case": f"{large:,} {what}", "small": small, "large": large,
                         "small_s": times[0], "large_s": times[1], "ratio": ratio,
                         "ok": ratio is not None and ratio <= SCALING_LIMIT})
    print(f"\n  {'input (at 4×)':<44} {'1×':>9} {'4×':>9} {'ratio':>7}")
    for row in rows:
        cells = [("-" if t is None else f"{t:.3f} s") for t in (row["small_s"], row["large_s"])]
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.1f}"
        verdict = "ok" if row["ok"] else f"FAIL (over {SCALING_LIMIT})"
        print(f"  {row['case']:<44} {cells[0]:>9} {cells[1]:>9} {ratio:>7}  {verdict}")
    if args.json:
        args.json.write_text(json.dumps({"scaling": rows}, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0 if all(row["ok"] for row in rows) else 1


def scaling_time(scratch, files, runs):
    """Median wall seconds of `quire build -q` of a space of `files`; None on a timeout."""
    space = Path(tempfile.mkdtemp(dir=scratch))
    for name, text in files.items():
        (space / name).write_text(text)
    times = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(dir=scratch)) / "site"
        command = [str(QUIRE), "build", str(space), "--out", str(out), "-q"]
        started = time.perf_counter()
        try:
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=SCALING_TIMEOUT_S, env={**os.environ, "QUIRE_CACHE_DIR": ""})
        except subprocess.TimeoutExpired:
            return None
        times.append(time.perf_counter() - started)
        # Content errors (exit 1) are what some of these inputs are for.
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode(errors='replace')}")
        if times[-1] > SCALING_SLOW_S:
            break
    return statistics.median(times)


if __name__ == "__main__":
    main()
