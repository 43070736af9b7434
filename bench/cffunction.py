"""What a CloudFront Function costs the local edge per request, in its persistent node process.

Runs the project's own viewer-request functions (modules/cdn/functions/*.js) on a browser-like
request (a dozen headers, cookies, a query string) and reports the load (node start + compile) and
the per-request round trip: Python -> runner.js -> fresh V8 context -> handler -> JSON -> Python.
For comparison, a process per request is the load time on every request.

Usage: .venv/bin/python bench/cffunction.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from localcloud.cloudfront.function import CloudFrontFunction, viewer_request_event  # noqa: E402

HEADERS = [
    ("Host", "shop.example.com"),
    ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("Accept-Language", "en-GB,en;q=0.5"),
    ("Accept-Encoding", "gzip, deflate, br, zstd"),
    ("Referer", "https://shop.example.com/shop/"),
    ("Cookie", "csrftoken=abc123; sessionid=def456; theme=dark"),
    ("Sec-Fetch-Dest", "document"),
    ("Sec-Fetch-Mode", "navigate"),
    ("Sec-Fetch-Site", "same-origin"),
    ("Upgrade-Insecure-Requests", "1"),
    ("Priority", "u=0, i"),
]


def event() -> dict:
    return viewer_request_event(
        method="GET",
        uri="/api/products/42",
        query=[("page", "2"), ("sort", "price"), ("tag", "a"), ("tag", "b")],
        headers=HEADERS,
        client_ip="203.0.113.9",
        distribution_id="E2BENCH",
        distribution_domain="d2bench.cloudfront.net",
        request_id="x" * 56,
    )


def percentile(samples: list[float], share: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(len(samples) * share))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--loads", type=int, default=20)
    args = parser.parse_args()
    for path in sorted(ROOT.glob("modules/cdn/functions/*.js")):
        code = path.read_text()
        loads = []
        for _ in range(args.loads):
            start = time.perf_counter()
            CloudFrontFunction(code, name=path.stem).close()
            loads.append((time.perf_counter() - start) * 1000)
        function = CloudFrontFunction(code, name=path.stem)
        for _ in range(50):  # warm-up: V8 compiles the runner's hot paths
            function.run(event())
        runs = []
        for _ in range(args.requests):
            start = time.perf_counter()
            function.run(event())
            runs.append((time.perf_counter() - start) * 1000)
        function.close()
        print(
            f"{path.stem}: load median {statistics.median(loads):.1f} ms; per request median "
            f"{statistics.median(runs):.2f} ms, p95 {percentile(runs, 0.95):.2f} ms, "
            f"p99 {percentile(runs, 0.99):.2f} ms ({args.requests} requests)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
