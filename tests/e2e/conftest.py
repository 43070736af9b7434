"""One `make up` for the end-to-end and browser tests, on free ports and its own environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.e2e.shop import ENV_NAME, REPO, LocalShop, free_port, run_make


@pytest.fixture(scope="session")
def local_shop(tmp_path_factory: pytest.TempPathFactory):
    moto_port, edge_port = free_port(), free_port()
    make_args = [f"LOCAL_ENV={ENV_NAME}", f"MOTO_PORT={moto_port}", f"EDGE_PORT={edge_port}"]
    # Its own state directory (Terraform state, database, logs): a developer's `make up`, or a
    # second test run in the same checkout, never shares it.
    state_dir = tmp_path_factory.mktemp("localcloud")
    env = {
        **os.environ,
        "MOTO_PORT": str(moto_port),
        "EDGE_PORT": str(edge_port),
        "LOCAL_STATE_DIR": str(state_dir),
    }
    # The test's own make, and the embedded default database (SQLite in the state directory).
    for name in ("MAKEFLAGS", "MAKELEVEL", "DATABASE_URL"):
        env.pop(name, None)
    env_dir = state_dir / "envs" / ENV_NAME
    # The test starts the emulator itself: `make down` then leaves it running, so the test can
    # look for leftovers in it.
    subprocess.run(
        [sys.executable, "-m", "localcloud", "moto-start"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    shop = LocalShop(
        url=f"http://127.0.0.1:{edge_port}",
        moto_endpoint=f"http://127.0.0.1:{moto_port}",
        make_args=make_args,
        env=env,
        up_seconds=0.0,
    )
    try:
        started = time.monotonic()
        shop.up_output = run_make(shop, "up").stdout
        shop.up_seconds = time.monotonic() - started
        shop.deployment = json.loads((env_dir / "deployment.json").read_text())
        yield shop
    finally:
        if shop.is_up:
            shop.make("down")
        subprocess.run(
            [sys.executable, "-m", "localcloud", "moto-stop"],
            cwd=REPO,
            env=env,
            check=False,
            capture_output=True,
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The shop's tests run last, and the whole-cycle test, which ends with `make down`, last of
    them: the session's shop (its edge, pollers and schedules) is up only while they run, not
    under the rest of the suite. After pytest-django's own reordering (trylast)."""
    shop = [item for item in items if item.nodeid.startswith("tests/e2e/")]
    last = [item for item in shop if item.nodeid.startswith("tests/e2e/test_end_to_end.py")]
    items[:] = (
        [item for item in items if item not in shop]
        + [item for item in shop if item not in last]
        + last
    )
