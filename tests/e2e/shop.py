"""The local shop the end-to-end tests drive: `make` targets on their own ports and environment."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest

REPO = Path(__file__).resolve().parents[2]
ENV_NAME = "pr-e2e"
# API Gateway's own answer when the stage's throttle refuses a request (no function runs).
THROTTLED = (429, {"message": "Too Many Requests"})


def resend_throttled(send: Callable[[], tuple[int, Any]], *, attempts: int = 20) -> tuple[int, Any]:
    """`send()` -> (status, JSON body), sent again while API Gateway throttles it, as a client
    backs off: the stage's bucket refills every second, so waits grow to a few seconds."""
    for attempt in range(attempts):
        answer = send()
        if answer != THROTTLED:
            return answer
        time.sleep(min(0.25 * 2**attempt, 4))
    return answer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalShop:
    url: str
    moto_endpoint: str
    make_args: list[str]
    env: dict[str, str]
    up_seconds: float
    deployment: dict = field(default_factory=dict)
    up_output: str = ""
    is_up: bool = True

    def client(self, service: str):
        """A boto3 client of the shop's emulator, in the environment's region."""
        return boto3.client(
            service,
            endpoint_url=self.moto_endpoint,
            region_name=self.deployment["region"],
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def make(self, target: str, *args: str, timeout: float = 1800) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", target, *self.make_args, *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def fresh_stock(self, sku: str) -> int:
        """The SKU's stock as the database has it now, read through the edge.

        The edge keeps the catalogue for its s-maxage, as CloudFront does, so a read right after
        an order can be stale: invalidate the product's path, as an operator would, and read it
        once the edge answers from the function again.
        """
        path = f"/api/products/{sku}"
        cloudfront = self.client("cloudfront")
        cloudfront.create_invalidation(
            DistributionId=self.deployment["distribution_id"],
            InvalidationBatch={
                "Paths": {"Quantity": 1, "Items": [path]},
                "CallerReference": uuid.uuid4().hex,
            },
        )
        deadline = time.monotonic() + 30
        while True:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310 - the local edge
                body, state = response.read(), response.headers.get("x-cache", "")
            if state.startswith("Miss") or time.monotonic() > deadline:
                assert state.startswith("Miss"), f"the edge kept serving {path} from its cache"
                return json.loads(body)["stock"]
            time.sleep(0.25)


def run_make(shop: LocalShop, target: str) -> subprocess.CompletedProcess:
    done = shop.make(target)
    if done.returncode != 0:
        pytest.fail(
            f"make {target} failed ({done.returncode}):\n{done.stdout[-4000:]}\n"
            f"{done.stderr[-4000:]}"
        )
    return done
