"""One real build per session (plus one from scratch for determinism), shared by the tests.

The dependency cache in .local/build-cache is reused, so after the first `make build` or test
run only the app is compiled and zipped again. Both builds use a snapshot of app/, so an edit
saved while the tests run cannot make the two builds differ.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from localcloud.awslambda.runtime import Runtime, code_sha256, prepare_runtime, unpack_code
from tools.package import ZIP_NAME
from tools.package.build import Config, Result, app_files, build
from tools.package.target import Interpreter, Target, find_interpreter

REPO = Path(__file__).resolve().parents[2]
CACHE_DIR = REPO / ".local" / "build-cache"
BUDGET_MB = float(os.environ.get("LAMBDA_ZIP_BUDGET_MB", "15"))


@dataclass(frozen=True)
class Built:
    config: Config
    result: Result
    log: list[str]

    @property
    def zip_path(self) -> Path:
        return self.config.out_dir / ZIP_NAME


@pytest.fixture(scope="session")
def target() -> Target:
    # The host runs the package in the smoke tests, so the architecture stays the host's.
    return Target.parse(os.environ.get("LAMBDA_RUNTIME", "python3.13"), "x86_64")


@pytest.fixture(scope="session")
def interpreter(target: Target) -> Interpreter:
    return find_interpreter(target)


@pytest.fixture(scope="session")
def app_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = REPO / "app"
    snapshot = tmp_path_factory.mktemp("app-snapshot") / "app"
    for path in app_files(source):
        dest = snapshot / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    return snapshot


def _config(target: Target, app: Path, out: Path, cache: Path, **overrides) -> Config:
    return Config(
        target=target,
        app_dir=app,
        lock_file=REPO / "requirements" / "app.txt",
        dev_lock_file=REPO / "requirements" / "dev.txt",
        out_dir=out,
        cache_dir=cache,
        budget_mb=BUDGET_MB,
        **overrides,
    )


def run_build(config: Config) -> Built:
    log: list[str] = []
    result = build(config, log=log.append)
    return Built(config=config, result=result, log=log)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, target: Target, app_snapshot: Path) -> Built:
    out = tmp_path_factory.mktemp("build-a") / "dist"
    return run_build(_config(target, app_snapshot, out, CACHE_DIR))


@pytest.fixture(scope="session")
def rebuilt(tmp_path_factory: pytest.TempPathFactory, target: Target, app_snapshot: Path) -> Built:
    """The same inputs built again with an empty layer cache: pruning, compiling and zipping
    all run from scratch; only the downloaded wheels are shared."""
    root = tmp_path_factory.mktemp("build-b")
    cache = root / "cache"
    cache.mkdir()
    CACHE_DIR.joinpath("deps").mkdir(parents=True, exist_ok=True)
    (cache / "deps").symlink_to(CACHE_DIR / "deps", target_is_directory=True)
    return run_build(_config(target, app_snapshot, root / "dist", cache))


@pytest.fixture(scope="session")
def config_for(target: Target, app_snapshot: Path):
    """Make a Config for the shared snapshot and cache with some fields changed."""

    def make(out: Path, **overrides) -> Config:
        return _config(target, app_snapshot, out, CACHE_DIR, **overrides)

    return make


@pytest.fixture(scope="session")
def task_root(tmp_path_factory: pytest.TempPathFactory, built: Built) -> Path:
    code = tmp_path_factory.mktemp("task")
    return unpack_code(built.zip_path, code_sha256(built.zip_path), code)


@pytest.fixture(scope="session")
def runtime(target: Target) -> Runtime:
    return prepare_runtime(target.runtime, target.arch, cache_dir=CACHE_DIR)
