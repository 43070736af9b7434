"""Checkout under contention: 64 buyers racing for one hot SKU on PostgreSQL.

Compares, in one run and on one throwaway cluster, the shop's checkout service with two ways of
taking stock (everything else, idempotency included, is the same code):
- conditional: one `UPDATE ... SET stock = stock - n WHERE stock >= n` per line (what ships);
- select_for_update: the textbook read-modify-write under a row lock.

Usage: .venv/bin/python bench/checkout.py [--buyers 64] [--stock 3000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "app"), str(ROOT)]


@dataclass
class Result:
    name: str
    orders: int
    seconds: float
    latencies: list[float]
    oversold: int

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        return (
            f"{self.name:<18} {self.orders / self.seconds:>10.0f} {self.oversold:>9} "
            f"{p50:>9.2f} {p99:>9.2f}"
        )


def merge(runs: list[Result]) -> Result:
    return Result(
        name=runs[0].name,
        orders=sum(r.orders for r in runs),
        seconds=sum(r.seconds for r in runs),
        latencies=[latency for r in runs for latency in r.latencies],
        oversold=sum(r.oversold for r in runs),
    )


def setup_django(url: str) -> None:
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def take_stock_select_for_update(*, products, lines) -> None:
    """The textbook alternative to shop.services.take_stock: lock, read, check, write."""
    from shop.errors import OutOfStock
    from shop.models import Product

    for line in sorted(lines, key=lambda item: products[item.sku].pk):
        product = Product.objects.select_for_update().get(pk=products[line.sku].pk)
        if product.stock < line.quantity:
            raise OutOfStock(f"Not enough stock for {line.sku}.")
        product.stock -= line.quantity
        product.save(update_fields=["stock"])


@contextmanager
def stock_strategy(take_stock: Callable | None):
    """Run the real checkout service with only its stock step swapped, so nothing else differs."""
    from shop import services

    original = services.take_stock
    if take_stock is not None:
        services.take_stock = take_stock
    try:
        yield
    finally:
        services.take_stock = original


def run(name: str, take_stock: Callable | None, *, buyers: int, stock: int) -> Result:
    from django.db import connections

    from shop.errors import OutOfStock
    from shop.models import Order, Product
    from shop.services import LineRequest, place_order

    Order.objects.all().delete()
    Product.objects.update_or_create(
        sku="HOT", defaults={"name": "Hot", "price": Decimal("1.00"), "stock": stock}
    )
    latencies: list[list[float]] = [[] for _ in range(buyers)]
    start = threading.Barrier(buyers + 1)

    def buyer(index: int) -> None:
        start.wait()
        attempt = 0
        try:
            while True:
                attempt += 1
                began = time.perf_counter()
                try:
                    place_order(
                        email=f"b{index}@example.com",
                        lines=[LineRequest("HOT", 1)],
                        idempotency_key=f"{name}-{index}-{attempt}",
                    )
                except OutOfStock:
                    return
                latencies[index].append(time.perf_counter() - began)
        finally:
            connections.close_all()

    with stock_strategy(take_stock), ThreadPoolExecutor(max_workers=buyers) as pool:
        futures = [pool.submit(buyer, i) for i in range(buyers)]
        start.wait()
        began = time.perf_counter()
        for future in futures:
            future.result()
        seconds = time.perf_counter() - began

    orders = Order.objects.count()
    taken = stock - Product.objects.get(sku="HOT").stock
    flat = [latency for per_buyer in latencies for latency in per_buyer]
    return Result(name, orders, seconds, flat, oversold=max(0, orders - stock) + (orders - taken))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=64)
    parser.add_argument("--stock", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from tools.pgcluster import start_cluster

    cluster = start_cluster(max_connections=args.buyers + 20)
    try:
        import psycopg

        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        setup_django(cluster.url("bench"))
        strategies = [("conditional", None), ("select_for_update", take_stock_select_for_update)]
        # Interleaved rounds, so warm-up and background load fall on both strategies alike.
        rounds = [
            [run(name, take, buyers=args.buyers, stock=args.stock) for name, take in strategies]
            for _ in range(args.rounds)
        ]
        results = [merge([r[i] for r in rounds]) for i in range(len(strategies))]
    finally:
        from django.db import connections

        connections.close_all()
        cluster.stop()

    print(
        f"{args.buyers} buyers racing for one SKU with {args.stock} units (PostgreSQL), "
        f"{args.rounds} interleaved rounds per strategy"
    )
    print(f"{'strategy':<18} {'orders/s':>10} {'oversold':>9} {'p50 ms':>9} {'p99 ms':>9}")
    for result in results:
        print(result.row())
    base = results[0].orders / results[0].seconds
    other = results[1].orders / results[1].seconds
    print(f"conditional / select_for_update throughput: {base / other:.2f}x")


if __name__ == "__main__":
    main()
