"""Checkout under contention on PostgreSQL: stock shards against one stock row.

Runs the shop's real checkout service (idempotency, validation, order lines) and swaps only
its stock step, in interleaved rounds on one throwaway cluster:
- sharded: what ships (shop.stock): each product's stock over SHOP_STOCK_SHARDS rows, a buyer
  locks a shard nobody holds (SKIP LOCKED) as the last step before commit;
- single-row: one stock row per product and one `UPDATE ... SET quantity = quantity - n WHERE
  quantity >= n`, the design before the shards (here also as the last step).

Two cases: `hot`, every buyer on one SKU until it is sold out, and `cold`, the same buyers
spread over many SKUs. Besides orders/s and latency it reports where the sessions spent the
run, sampled from pg_stat_activity (bench/pgwaits.py), against the CPU that Python and the
PostgreSQL backends used.

Buyers are threads in several processes (`--processes`), as Lambda runs one request per
sandbox: in one process the GIL, not the database, would set the pace.

Usage: .venv/bin/python bench/checkout.py [--buyers 64] [--stock 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "app"), str(ROOT)]

from bench.pgwaits import Waits, WaitSampler  # noqa: E402


@dataclass(frozen=True)
class Case:
    name: str
    skus: int
    stock: int  # per SKU
    orders_per_buyer: int | None  # None: buy until sold out


@dataclass
class Result:
    case: str
    strategy: str
    orders: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    oversold: int = 0
    python_cpu: float = 0.0
    waits: Waits = field(default_factory=Waits)

    def add(self, other: Result) -> None:
        self.orders += other.orders
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.oversold += other.oversold
        self.python_cpu += other.python_cpu
        self.waits.samples += other.waits.samples
        self.waits.states.update(other.waits.states)
        self.waits.backend_cpu += other.waits.backend_cpu

    @property
    def rate(self) -> float:
        return self.orders / self.seconds

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        w = self.waits
        return (
            f"{self.case:<5} {self.strategy:<11} {self.rate:>9.0f} {p50:>8.1f} {p99:>8.1f} "
            f"{self.oversold:>5} | {w.share('row lock'):>8.1f} {w.share('running'):>7.1f} "
            f"{w.share('client, in transaction', 'client, idle'):>7.1f} "
            f"{w.share('io/lwlock', 'other lock'):>6.1f} | "
            f"{self.python_cpu / self.seconds:>6.2f} {w.backend_cpu / self.seconds:>6.2f} | "
            f"{self.python_cpu * 1e3 / self.orders:>5.1f} {w.backend_cpu * 1e3 / self.orders:>5.1f}"
        )


HEADER = (
    f"{'case':<5} {'strategy':<11} {'orders/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'over':>5} | "
    f"{'row lock':>8} {'in PG':>7} {'client':>7} {'other':>6} | {'py CPU':>6} {'pg CPU':>6} | "
    f"{'py ms':>5} {'pg ms':>5}"
)


def setup_django(url: str) -> None:
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    # The order pipeline's hand-off after the commit is the same for both strategies; in
    # development it would confirm and print every order in the buyer's process, which the
    # deployed shop leaves to SQS and a worker. Its outbox row is still written.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("migrate", verbosity=0)


def take_stock_single_row(*, products, lines) -> None:
    """The stock step before the shards: one conditional UPDATE of the product's one row."""
    from django.db.models import F

    from shop.errors import OutOfStock
    from shop.models import StockShard

    for line in sorted(lines, key=lambda item: products[item.sku].pk):
        taken = StockShard.objects.filter(
            product_id=products[line.sku].pk, quantity__gte=line.quantity
        ).update(quantity=F("quantity") - line.quantity)
        if not taken:
            raise OutOfStock(f"Not enough stock for {line.sku}.")


STRATEGIES: dict[str, tuple[Callable | None, int | None]] = {
    # name: (stock step, shards per product; None = SHOP_STOCK_SHARDS)
    "sharded": (None, None),
    "single-row": (take_stock_single_row, 1),
}


@contextmanager
def stock_strategy(take_stock: Callable | None):
    """Run the real checkout service with only its stock step swapped, so nothing else differs."""
    from shop import services

    original = services.take_stock
    services.take_stock = take_stock or original
    try:
        yield
    finally:
        services.take_stock = original


def total_stock() -> int:
    from django.db.models import Sum

    from shop.models import StockShard

    return StockShard.objects.aggregate(total=Sum("quantity"))["total"] or 0


def prepare(case: Case, strategy: str) -> tuple[list[str], int]:
    """A fresh catalogue for one run: the case's SKUs, stock spread as the strategy keeps it."""
    from shop.models import Order, Product
    from shop.services import set_stock

    Order.objects.all().delete()
    Product.objects.all().delete()
    skus = [f"{case.name.upper()}-{n:04d}" for n in range(case.skus)]
    for sku in skus:
        product = Product.objects.create(sku=sku, name=sku, price=Decimal("1.00"))
        set_stock(product=product, quantity=case.stock, shards=STRATEGIES[strategy][1])
    return skus, total_stock()


def buyer_process(case: Case, strategy: str, skus: list[str], group: list[int], sync, results):
    """One process of buyers (as one Lambda sandbox is a process): a thread per buyer."""
    from django.db import connections

    from shop.errors import OutOfStock
    from shop.services import LineRequest, place_order

    start, finished, release = sync
    latencies: list[float] = []

    def buyer(index: int) -> None:
        rng = random.Random(index)
        start.wait()
        try:
            attempt = 0
            while case.orders_per_buyer is None or attempt < case.orders_per_buyer:
                attempt += 1
                began = time.perf_counter()
                try:
                    place_order(
                        email=f"b{index}@example.com",
                        lines=[LineRequest(rng.choice(skus), 1)],
                        idempotency_key=f"{strategy}-{index}-{attempt}",
                    )
                except OutOfStock:
                    if case.orders_per_buyer is None:
                        break
                    continue
                latencies.append(time.perf_counter() - began)
        finally:
            finished.wait()
            release.wait()  # connections stay open until their backends' CPU has been read
            connections.close_all()

    threads = [threading.Thread(target=buyer, args=(index,)) for index in group]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cpu = os.times()  # a forked child's counters start at zero
    results.put((latencies, cpu.user + cpu.system))


def run(case: Case, strategy: str, *, buyers: int, processes: int, sampler: WaitSampler) -> Result:
    from django.db import connections
    from django.db.models import Sum

    from shop.models import Order, OrderLine

    skus, initial = prepare(case, strategy)
    connections.close_all()  # a forked child must not share the parent's connection
    context = multiprocessing.get_context("fork")
    sync = tuple(context.Barrier(buyers + 1) for _ in range(3))
    start, finished, release = sync
    results = context.Queue()
    groups = [list(range(first, buyers, processes)) for first in range(processes)]
    with stock_strategy(STRATEGIES[strategy][0]):
        workers = [
            context.Process(target=buyer_process, args=(case, strategy, skus, group, sync, results))
            for group in groups
            if group
        ]
        for worker in workers:
            worker.start()
        with sampler as waits:
            start.wait()
            began = time.perf_counter()
            finished.wait()
            seconds = time.perf_counter() - began
            sampler.read_cpu()
        release.wait()
        outcomes = [results.get() for _ in workers]
        for worker in workers:
            worker.join()

    sold = OrderLine.objects.aggregate(units=Sum("quantity"))["units"] or 0
    taken = initial - total_stock()
    return Result(
        case=case.name,
        strategy=strategy,
        orders=Order.objects.count(),
        seconds=seconds,
        latencies=[latency for latencies, _cpu in outcomes for latency in latencies],
        # Units sold beyond the stock, plus any sale that took no stock (or stock no sale).
        oversold=max(0, sold - initial) + abs(sold - taken),
        python_cpu=sum(cpu for _latencies, cpu in outcomes),
        waits=waits,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=64)
    parser.add_argument("--stock", type=int, default=2000, help="units of the hot SKU")
    parser.add_argument("--cold-skus", type=int, default=256)
    parser.add_argument("--cold-orders", type=int, default=30, help="orders per buyer, cold case")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=8, help="buyers are threads in these")
    args = parser.parse_args()
    counts = (
        args.buyers,
        args.stock,
        args.cold_skus,
        args.cold_orders,
        args.rounds,
        args.processes,
    )
    if min(counts) < 1:
        parser.error("every count must be 1 or more")
    cases = [
        Case("hot", skus=1, stock=args.stock, orders_per_buyer=None),
        Case(
            "cold",
            skus=args.cold_skus,
            stock=args.buyers * args.cold_orders,
            orders_per_buyer=args.cold_orders,
        ),
    ]

    from tools.pgcluster import start_cluster

    cluster = start_cluster(max_connections=args.buyers + 20)
    results: dict[tuple[str, str], Result] = {}
    try:
        import psycopg

        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        setup_django(cluster.url("bench"))
        from django.conf import settings

        shards = settings.SHOP_STOCK_SHARDS
        # Interleaved rounds, so warm-up and background load fall on both strategies alike.
        for _ in range(args.rounds):
            for case in cases:
                for strategy in STRATEGIES:
                    sampler = WaitSampler(cluster.url(), "bench")
                    result = run(
                        case,
                        strategy,
                        buyers=args.buyers,
                        processes=args.processes,
                        sampler=sampler,
                    )
                    results.setdefault((case.name, strategy), Result(case.name, strategy)).add(
                        result
                    )
    finally:
        from django.db import connections

        connections.close_all()
        cluster.stop()

    print(
        f"{args.buyers} buyers in {args.processes} processes, PostgreSQL, "
        f"{args.rounds} interleaved rounds, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}; sharded = {shards} shards per SKU"
    )
    print(
        f"hot: one SKU with {args.stock} units, bought until sold out; "
        f"cold: {args.cold_skus} SKUs, {args.cold_orders} orders per buyer"
    )
    print("sessions (average of the buyers' sessions): waiting on a row lock | running in")
    print("PostgreSQL | idle while Python works | other waits. CPU: cores used by Python and by")
    print("the PostgreSQL backends, then their CPU time per order (ms), which load disturbs less.")
    print(HEADER)
    for result in results.values():
        print(result.row())
    for case in cases:
        ratio = results[(case.name, "sharded")].rate / results[(case.name, "single-row")].rate
        print(f"{case.name}: sharded / single-row throughput {ratio:.2f}x")


if __name__ == "__main__":
    main()
