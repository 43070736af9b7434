"""The local shop the end-to-end tests drive: `make` targets on their own ports and environment."""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENV_NAME = "e2e"


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

    def make(self, target: str, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", target, *self.make_args, *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )


def run_make(shop: LocalShop, target: str) -> subprocess.CompletedProcess:
    done = shop.make(target)
    if done.returncode != 0:
        pytest.fail(
            f"make {target} failed ({done.returncode}):\n{done.stdout[-4000:]}\n"
            f"{done.stderr[-4000:]}"
        )
    return done
