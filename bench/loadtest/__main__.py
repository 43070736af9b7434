"""`make loadtest`: check the arguments and that the shop answers, then run Locust headless.

Usage: .venv/bin/python -m bench.loadtest --url http://127.0.0.1:8000 [--users 20]
       [--spawn-rate 5] [--duration 60s] [--out build/loadtest]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from bench.loadtest.report import print_summary, read_summary

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
ROOT = LOCUSTFILE.parents[2]


def positive(kind: type, text: str):
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be more than 0")
    return value


def duration(text: str) -> str:
    if not re.fullmatch(r"(\d+h)?(\d+m)?(\d+s)?", text) or not text:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration such as 20s, 5m or 1h30m")
    return text


def url(text: str) -> str:
    if not re.fullmatch(r"https?://[^/\s]+/?", text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not the root URL of a shop, such as https://shop.example.com"
        )
    return text.rstrip("/")


def answers(base: str) -> str | None:
    """None when the shop's health check answers 200; otherwise why not."""
    try:
        with urllib.request.urlopen(f"{base}/api/health", timeout=30) as response:  # noqa: S310 - http(s) checked above
            return None if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except OSError as exc:
        return str(getattr(exc, "reason", exc))


def main() -> int:
    parser = argparse.ArgumentParser(prog="make loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--url", type=url, required=True)
    parser.add_argument("--users", type=lambda text: positive(int, text), default=20)
    parser.add_argument("--spawn-rate", type=lambda text: positive(float, text), default=5)
    parser.add_argument("--duration", type=duration, default="60s")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "loadtest")
    args = parser.parse_args()

    problem = answers(args.url)
    if problem is not None:
        print(
            f"error: the shop at {args.url} does not answer /api/health ({problem}); "
            "start it with `make up`, or pass URL=https://... of a deployed environment",
            file=sys.stderr,
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--host", args.url, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", args.duration, "--stop-timeout", "10",
        "--html", str(args.out / "report.html"), "--csv", str(args.out / "stats"),
        "--summary-json", str(args.out / "summary.json"),
    ]  # fmt: skip
    print(f"Locust: {args.users} shoppers ({args.spawn_rate}/s) for {args.duration} on {args.url}")
    summary = args.out / "summary.json"
    summary.unlink(missing_ok=True)
    done = subprocess.run(command, cwd=ROOT, check=False)
    if not summary.is_file():
        print(
            f"error: Locust stopped ({done.returncode}) before it wrote a summary", file=sys.stderr
        )
        return done.returncode or 1
    print_summary(read_summary(summary))
    print(f"HTML report: {args.out / 'report.html'}; per-endpoint CSV: {args.out}/stats_*.csv")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
