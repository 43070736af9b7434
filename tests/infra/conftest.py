"""Terraform fixtures: every root and module is initialised, validated and tested once per session.

`terraform init/validate/test` spend most of their time starting the 700 MB AWS provider, so the
directories are processed concurrently in the background as soon as the first infra test asks, and
each test then waits only for its own directory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROOT_DIR = REPO / "terraform"
MODULES_DIR = REPO / "modules"
MODULE_DIRS = sorted(p for p in MODULES_DIR.iterdir() if (p / "main.tf").is_file())
# The shop's root plus every module; terraform/bootstrap is a separate root with its own tests.
TF_DIRS = [ROOT_DIR, *MODULE_DIRS]
CHECKOV = Path(os.environ.get("CHECKOV", REPO / ".local" / "checkov-venv" / "bin" / "checkov"))
# Two cores: more than a few provider processes at once only thrash.
PARALLEL = int(os.environ.get("TF_TEST_PARALLEL", "3"))
COMMAND_TIMEOUT = 600


def dir_id(path: Path) -> str:
    return str(path.relative_to(REPO))


@dataclass
class Run:
    args: list[str]
    returncode: int
    output: str
    seconds: float

    def describe(self) -> str:
        return (
            f"$ {' '.join(self.args)}  (exit {self.returncode}, {self.seconds:.1f}s)\n{self.output}"
        )


@dataclass
class DirResult:
    init: Run
    validate: Run | None = None
    test: Run | None = None
    extra: dict[str, Run] = field(default_factory=dict)


class Terraform:
    """Runs terraform with a data dir per directory, never touching a developer's .terraform."""

    def __init__(self, binary: str, work: Path) -> None:
        self.binary = binary
        self.work = work
        self.plugin_dir = os.environ.get("TF_PLUGIN_DIR", "")
        self.base_env = {
            **os.environ,
            "TF_IN_AUTOMATION": "1",
            "TF_INPUT": "0",
            "CHECKPOINT_DISABLE": "1",
        }
        # Without a mirror every init would download the provider again, so they share a cache. Two
        # inits filling the same cache at once fail ("file exists"), hence the lock. A mirror needs
        # neither: init links the unpacked provider from it directly.
        self._init_lock = threading.Lock()
        if not self.plugin_dir:
            cache = work / "plugin-cache"
            cache.mkdir(parents=True, exist_ok=True)
            self.base_env["TF_PLUGIN_CACHE_DIR"] = str(cache)
        # A CLI config that does not exist only produces warnings in every output.
        cli_config = self.base_env.get("TF_CLI_CONFIG_FILE")
        if cli_config and not Path(cli_config).is_file():
            del self.base_env["TF_CLI_CONFIG_FILE"]

    def run(self, directory: Path, *args: str) -> Run:
        env = {**self.base_env, "TF_DATA_DIR": str(self.work / "data" / dir_id(directory))}
        cmd = [self.binary, *args]
        start = time.monotonic()
        proc = subprocess.run(
            cmd,
            cwd=directory,
            env=env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        return Run(
            args=[dir_id(directory), *args],
            returncode=proc.returncode,
            output=proc.stdout + proc.stderr,
            seconds=time.monotonic() - start,
        )

    def init(self, directory: Path) -> Run:
        args = ["init", "-backend=false", "-input=false", "-no-color"]
        if self.plugin_dir:
            return self.run(directory, *args, f"-plugin-dir={self.plugin_dir}")
        with self._init_lock:
            return self.run(directory, *args)


def _pipeline(tf: Terraform, directory: Path) -> DirResult:
    result = DirResult(init=tf.init(directory))
    if result.init.returncode != 0:
        return result
    result.validate = tf.run(directory, "validate", "-no-color")
    if any((directory / "tests").glob("*.tftest.hcl")):
        result.test = tf.run(directory, "test", "-no-color")
    return result


@pytest.fixture(scope="session")
def terraform_bin() -> str:
    binary = shutil.which("terraform")
    if binary is None:
        message = (
            "terraform is not on PATH: install Terraform >= 1.11 to run the infrastructure tests"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


@pytest.fixture(scope="session")
def terraform(terraform_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Terraform:
    return Terraform(terraform_bin, tmp_path_factory.mktemp("terraform"))


@pytest.fixture(scope="session")
def tf_results(terraform: Terraform) -> Iterator[dict[str, Future[DirResult]]]:
    pool = ThreadPoolExecutor(max_workers=PARALLEL, thread_name_prefix="terraform")
    # The root is the slowest; start it first.
    futures = {dir_id(d): pool.submit(_pipeline, terraform, d) for d in TF_DIRS}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)
