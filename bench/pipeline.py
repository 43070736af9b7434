"""The order pipeline's throughput and latency on a running environment, from commit to email.

Places `--orders` orders through the local edge (`--buyers` at a time), then waits until every
confirmation email is in the emulator's SES. Per order: the commit is the order's `created_at`
(the API's, microseconds), its confirmation `confirmed_at` (the worker's first step), the email
the Date header SES received (whole seconds, which bounds that figure's resolution). Reported:
orders per second from the first commit to the last email, and p50/p99 of commit -> confirmed
and commit -> email.

Usage: make bench-pipeline [LOCAL_ENV=local] [PIPELINE_BENCH_ORDERS=300] (needs a running
`make up`; it resets the demo catalogue's stock first, as load_demo --reset-stock does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "app")]

from localcloud.config import Config  # noqa: E402
from localcloud.ses.mailbox import sent_mail  # noqa: E402
from shop.demo import CATALOGUE  # noqa: E402

# Requests API Gateway's stage throttle refused (429) and the bench sent again, as a client would.
THROTTLED: list[str] = []


class ShopError(RuntimeError):
    """The shop refused a request with something other than the stage's throttle."""


def api(url: str, *, body: dict | None = None, headers: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    for attempt in range(20):
        request = urllib.request.Request(  # noqa: S310 - the local edge
            url, data=data, headers={"content-type": "application/json", **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            if exc.code != 429:
                raise ShopError(
                    f"{request.get_method()} {url}: {exc.code} {exc.read()[:300]!r}"
                ) from None
            THROTTLED.append(url)
            # The stage refills its bucket every second: back off past a refill, with jitter.
            time.sleep(min(0.25 * 2**attempt, 4) * (1 + random.random()))
    raise ShopError(f"{url}: still throttled after 20 attempts")


def _utc(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        raise ShopError("a confirmation email has no Date header")
    # Django writes the Date header in UTC as "-0000" (RFC 5322: no zone known), read as naive.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def main(argv: list[str] | None = None) -> int:
    try:
        return bench(argv)
    except ShopError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def bench(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default=None, help="local environment (LOCAL_ENV)")
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    units = sum(p.stock for p in CATALOGUE)
    if not 2 <= args.orders <= units:
        parser.error(f"--orders must be from 2 to the demo catalogue's {units} units")
    config = Config.from_environ(env=args.env)
    subprocess.run(
        [sys.executable, "-m", "localcloud", "manage", "--env", config.env, "--",
         "load_demo", "--reset-stock"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    skus = [p.sku for p in CATALOGUE for _ in range(p.stock)][: args.orders]
    run = uuid.uuid4().hex[:8]

    def place(index: int) -> dict:
        order = {
            "email": f"bench-{run}-{index}@example.com",
            "lines": [{"sku": skus[index], "quantity": 1}],
        }
        return api(
            f"{config.edge_url}/api/orders",
            body=order,
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )

    started = time.monotonic()
    with ThreadPoolExecutor(args.buyers) as pool:
        orders = list(pool.map(place, range(args.orders)))
    placed_s = time.monotonic() - started
    wanted = {o["email"]: o for o in orders}
    deadline = time.monotonic() + args.timeout
    while True:
        mail = {m.to[0]: m for m in sent_mail(config.moto_endpoint) if m.to and m.to[0] in wanted}
        if len(mail) == len(wanted):
            break
        if time.monotonic() > deadline:
            print(
                f"error: {len(mail)} of {len(wanted)} emails after {args.timeout:g}s",
                file=sys.stderr,
            )
            return 1
        time.sleep(2)
    with ThreadPoolExecutor(args.buyers) as pool:
        details = list(
            pool.map(
                lambda o: api(
                    f"{config.edge_url}/api/orders/{o['id']}", headers={"X-Order-Token": o["token"]}
                ),
                orders,
            )
        )
    committed = {d["email"]: dt.datetime.fromisoformat(d["created_at"]) for d in details}
    confirmed = [
        (dt.datetime.fromisoformat(d["confirmed_at"]) - committed[d["email"]]).total_seconds()
        for d in details
    ]
    sent = {e: _utc(m.sent_at) for e, m in mail.items()}
    emailed = [(sent[e] - committed[e]).total_seconds() for e in wanted]
    span = (max(sent.values()) - min(committed.values())).total_seconds()
    print(
        f"{args.orders} orders ({args.buyers} buyers) placed in {placed_s:.1f}s through the edge\n"
        f"throughput, first commit to last email: {args.orders / max(span, 1):.1f} orders/s "
        f"({span:.0f}s)\n"
        f"commit -> confirmed: p50 {percentile(confirmed, 50) * 1000:.0f} ms, "
        f"p99 {percentile(confirmed, 99) * 1000:.0f} ms\n"
        f"commit -> email (Date header, 1 s resolution): p50 {percentile(emailed, 50):.1f} s, "
        f"p99 {percentile(emailed, 99):.1f} s\n"
        f"requests the stage throttled (429) and sent again: {len(THROTTLED)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
