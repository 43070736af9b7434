"""What a load test run sums up to: per-endpoint latency, failures by kind, orders placed."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Tally:
    started: float = 0.0
    stopped: float = 0.0
    orders: int = 0
    units: Counter = field(default_factory=Counter)  # by SKU, from orders the shop confirmed
    sold_out: int = 0
    bad_requests: int = 0
    server_errors: Counter = field(default_factory=Counter)

    def record_order(self, lines: list[dict]) -> None:
        self.orders += 1
        for line in lines:
            self.units[line["sku"]] += line["quantity"]


def endpoints(environment, seconds: float) -> list[dict]:
    rows = []
    for entry in sorted(environment.stats.entries.values(), key=lambda e: (e.name, e.method)):
        rows.append(
            {
                "endpoint": f"{entry.method} {entry.name}",
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "rps": entry.num_requests / seconds,
                **{
                    f"p{int(q * 100)}": entry.get_response_time_percentile(q)
                    for q in (0.5, 0.95, 0.99)
                },
            }
        )
    return rows


def failures(environment) -> dict[str, int]:
    kinds: Counter = Counter()
    for error in environment.stats.errors.values():
        kinds[f"{error.method} {error.name}: {error.error}"] += error.occurrences
    return dict(kinds)


def summary(environment, tally: Tally) -> dict:
    total = environment.stats.total
    seconds = max((tally.stopped or time.time()) - tally.started, 1e-9)
    return {
        "host": environment.host,
        "seconds": seconds,
        "requests": total.num_requests,
        "rps": total.num_requests / seconds,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "endpoints": endpoints(environment, seconds),
        "failures": failures(environment),
        "server_errors": sum(tally.server_errors.values()),
        "orders": tally.orders,
        "units": dict(tally.units),
        "sold_out": tally.sold_out,
        "bad_requests": tally.bad_requests,
    }


def print_summary(data: dict) -> None:
    print(
        f"\nLoad test of {data['host']}: {data['requests']} requests in {data['seconds']:.0f} s, "
        f"{data['rps']:.1f}/s"
    )
    print(
        f"{'endpoint':<34} {'requests':>8} {'fail':>5} {'rps':>6} {'p50':>6} {'p95':>6} {'p99':>6}"
    )
    for row in data["endpoints"]:
        print(
            f"{row['endpoint'][:34]:<34} {row['requests']:>8} {row['failures']:>5} "
            f"{row['rps']:>6.1f} {row['p50']:>6.0f} {row['p95']:>6.0f} {row['p99']:>6.0f}"
        )
    print(
        f"{'all (ms)':<34} {data['requests']:>8} {sum(data['failures'].values()):>5} "
        f"{data['rps']:>6.1f} {data['p50']:>6.0f} {data['p95']:>6.0f} {data['p99']:>6.0f}"
    )
    print("failures by kind:" + ("" if data["failures"] else " none"))
    for kind, count in sorted(data["failures"].items(), key=lambda item: -item[1]):
        print(f"  {count:>6}  {kind}")
    units = sum(data["units"].values())
    print(
        f"orders placed: {data['orders']} ({units} units); sold out at checkout: "
        f"{data['sold_out']}; bad requests sent (4xx JSON expected): {data['bad_requests']}"
    )


def write_summary(environment, tally: Tally, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary(environment, tally), indent=2) + "\n")


def read_summary(path: Path) -> dict:
    return json.loads(path.read_text())
