#!/usr/bin/env python3
"""Time from an atomic save to `quire serve` showing it (issue 8).

Copies a space to a temporary folder, starts `quire serve --port 0` on it,
listens to the reload events, then saves one page several times the way
editors do (write a temporary file, rename it over the page) and reports,
for each save, the time until the reload event arrives and until the served
page contains the new text, and the rebuild line quire prints on stderr
(`changed …: rebuilt 1 page in N ms`). Medians at the end.

    python3 scripts/serve_latency.py                       # content/, release binary
    python3 scripts/serve_latency.py --space target/bench/space-10000 --page 'section-1/page-1.md'
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    args = parse_args()
    with Served(args.binary, args.space) as server:
        time.sleep(args.settle)
        results = []
        for i in range(args.saves):
            results.append(server.save(args.page, i))
            time.sleep(1.0)  # let the search index finish before the next save
    report(results, server.rebuilds)


class Served:
    """`quire serve --port 0` on a temporary copy of a space, while the `with` lasts.

    `reloads` gets (time, generation) for each reload event and `rebuilds`
    gets (what, ms) for each `changed …` line on stderr."""

    def __init__(self, binary, source, keep_in=None):
        """With `keep_in`, the copy is made inside that folder and left there
        (the benchmark deletes it later, when deleting cannot slow a timing)."""
        self.binary, self.source, self.keep_in = binary, source, keep_in

    def __enter__(self):
        if self.keep_in is None:
            self.tmp = tempfile.TemporaryDirectory()
            self.root = Path(self.tmp.name)
        else:
            self.tmp = None
            self.root = Path(tempfile.mkdtemp(dir=self.keep_in))
        self.space = self.root / "space"
        shutil.copytree(self.source, self.space, ignore=shutil.ignore_patterns("output"))
        # The highlight cache of a throwaway copy would only litter ~/.cache.
        env = {**os.environ, "QUIRE_CACHE_DIR": str(self.root / "cache")}
        self.process = subprocess.Popen(
            [str(self.binary), "serve", str(self.space), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            self.host, self.port, self.base = parse_serving_line(self.process.stdout.readline())
        except BaseException:
            self.__exit__(None, None, None)
            raise
        self.reloads = listen_for_reloads(self.host, self.port, self.base)
        self.rebuilds = collect_rebuild_lines(self.process.stderr)
        return self

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.tmp is not None:
            self.tmp.cleanup()

    def get(self, path):
        """(status, body) of `path` under the base path."""
        return fetch(self.host, self.port, self.base + path)

    def save(self, page, i):
        """Save `page` (relative to the space) with a new line; (reload ms, served ms)."""
        url = self.base + page_url(page)
        return save_and_time(self.space / page, self.host, self.port, url, self.reloads, i)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space", type=Path, default=ROOT / "content")
    parser.add_argument("--page", default="getting-started/triage-workflow.md",
                        help="page to edit, relative to the space")
    parser.add_argument("--binary", type=Path, default=ROOT / "target/release/quire")
    parser.add_argument("--saves", type=int, default=7)
    parser.add_argument("--settle", type=float, default=2.0,
                        help="seconds to wait after start (first search index)")
    return parser.parse_args()


def parse_serving_line(line):
    if not line.startswith("Serving at http://"):
        sys.exit(f"unexpected first line: {line!r}")
    rest = line.strip()[len("Serving at http://"):]
    address, _, path = rest.partition("/")
    host, _, port = address.rpartition(":")
    return host, int(port), "/" + path


def listen_for_reloads(host, port, base):
    """A list that gets (time, generation) appended for each reload event."""
    reloads = []
    sock = socket.create_connection((host, port))
    sock.sendall(f"GET {base}__quire/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())

    def read():
        event = None
        for raw in sock.makefile("rb"):
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("event: "):
                event = line[len("event: "):]
            elif line.startswith("data: ") and event == "reload":
                reloads.append((time.perf_counter(), line[len("data: "):]))

    threading.Thread(target=read, daemon=True).start()
    return reloads


REBUILD_LINE = re.compile(r"^changed .*: (rebuilt \d+ pages?) in (\d+) ms$")


def collect_rebuild_lines(stderr):
    """A list that gets (what, ms) appended for each `changed …` line."""
    rebuilds = []

    def read():
        for line in stderr:
            found = REBUILD_LINE.match(line.strip())
            if found:
                rebuilds.append((found.group(1), int(found.group(2))))

    threading.Thread(target=read, daemon=True).start()
    return rebuilds


def save_and_time(page, host, port, url, reloads, i):
    marker = f"latency-marker-{i}-{os.getpid()}"
    text = page.read_text(encoding="utf-8") + f"\n\n{marker}\n"
    seen = len(reloads)
    temporary = page.with_name(page.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    os.replace(temporary, page)
    served = wait_until_served(host, port, url, marker)
    deadline = time.perf_counter() + 10
    while len(reloads) == seen and time.perf_counter() < deadline:
        time.sleep(0.001)
    reload_at = reloads[seen][0] if len(reloads) > seen else float("nan")
    return (reload_at - saved) * 1000, (served - saved) * 1000


def page_url(source):
    """`a/b.md` → `a/b.html`; a folder's README → its `index.html`."""
    folder, _, name = source.rpartition("/")
    name = "index.html" if name.lower() == "readme.md" else name[:-3] + ".html"
    return f"{folder}/{name}" if folder else name


def wait_until_served(host, port, url, marker):
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        _, body = fetch(host, port, url)
        if marker in body:
            return time.perf_counter()
        time.sleep(0.002)
    sys.exit(f"{url} never showed the edit")


def fetch(host, port, url):
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", url)
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


def report(results, rebuilds):
    for reload_ms, served_ms in results:
        print(f"save → reload event {reload_ms:7.1f} ms   save → page served {served_ms:7.1f} ms")
    for what, ms in rebuilds:
        print(f"stderr: {what} in {ms} ms")
    print(f"median: reload event {statistics.median(r for r, _ in results):.1f} ms, "
          f"page served {statistics.median(s for _, s in results):.1f} ms "
          f"(debounce included)")
    if rebuilds:
        print(f"median: rebuild (stderr) {statistics.median(ms for _, ms in rebuilds):.0f} ms")


if __name__ == "__main__":
    main()
