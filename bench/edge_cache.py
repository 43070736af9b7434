"""Lambda invocations per 100 storefront page loads of an unchanged catalogue, through the edge.

A page load is what the storefront's index.html makes a browser fetch: the page, its stylesheet,
script and icon, and the first page of the catalogue (`/api/products?page=1&page_size=24`, as
app/storefront/assets/catalog.js asks for it). The loads are spread evenly over `--spread`
seconds, so a spread longer than the catalogue's s-maxage shows expiry and stale-while-revalidate
at work. Lambda invocations are counted where Lambda's own log would show them: the `START
RequestId` lines the local runtime writes to the environment's edge log.

Usage: make bench-cache [LOCAL_ENV=local] [CACHE_BENCH_LOADS=100] [CACHE_BENCH_SPREAD=60]
(needs a running `make up`).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from localcloud.config import Config  # noqa: E402

ASSET_RE = re.compile(r'(?:src|href)="(/assets/[^"]+)"')
CATALOGUE = "/api/products?page=1&page_size=24"


def fetch(url: str) -> tuple[int, str, bytes]:
    # The local edge on loopback, never a URL from elsewhere.
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.headers.get("x-cache", ""), response.read()


def invocations(log: Path) -> int:
    if not log.is_file():
        return 0
    return log.read_text(errors="replace").count("START RequestId:")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default=None, help="local environment (LOCAL_ENV)")
    parser.add_argument("--loads", type=int, default=100)
    parser.add_argument("--spread", type=float, default=0.0, help="seconds to spread loads over")
    args = parser.parse_args(argv)
    if args.loads < 1 or args.spread < 0:
        parser.error("--loads must be at least 1 and --spread 0 or more")
    config = Config.from_environ(env=args.env)
    base = config.edge_url
    try:
        fetch(base + "/api/health")
    except OSError as exc:
        print(f"error: no edge at {base} ({exc}); run `make up` first", file=sys.stderr)
        return 2
    # Let a refresh triggered by an earlier run finish, then count from here.
    time.sleep(1)
    before = invocations(config.edge_log_file)
    states: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    started = time.monotonic()
    for load in range(args.loads):
        due = started + args.spread * load / args.loads
        time.sleep(max(0.0, due - time.monotonic()))
        status, _, page = fetch(base + "/")
        statuses[status] += 1
        # The hashed names the build gave the page's stylesheet, script and icon.
        for path in dict.fromkeys(ASSET_RE.findall(page.decode())):
            statuses[fetch(base + path)[0]] += 1
        status, state, _ = fetch(base + CATALOGUE)
        statuses[status] += 1
        states[state.split(" ")[0] or "none"] += 1
    time.sleep(1)  # a background refresh is an invocation too
    made = invocations(config.edge_log_file) - before
    elapsed = time.monotonic() - started
    print(f"page loads: {args.loads} over {elapsed:.1f}s (spread {args.spread:.0f}s)")
    print(f"catalogue requests at the edge: {args.loads} ({dict(states)})")
    print(f"HTTP statuses: {dict(statuses)}")
    print(f"Lambda invocations: {made} ({100 * made / args.loads:.1f} per 100 page loads)")
    print(f"without the edge cache: {args.loads} ({100:.1f} per 100 page loads)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
