"""terraform/bootstrap: fmt, validate and its mock-provider `terraform test`, in a scratch copy."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.workflows.wf_support import REPO_ROOT

BOOTSTRAP = REPO_ROOT / "terraform" / "bootstrap"


def terraform(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("terraform")
    if binary is None:
        pytest.fail("terraform is not on PATH")
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "TF_INPUT": "0"}
    return subprocess.run(
        [binary, *args, "-no-color"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A copy keeps .terraform/ and lock files out of the work tree and away from parallel runs.
    work = tmp_path_factory.mktemp("bootstrap") / "bootstrap"
    shutil.copytree(BOOTSTRAP, work, ignore=shutil.ignore_patterns(".terraform*", "*.tfstate*"))
    plugin_dir = os.environ.get("TF_PLUGIN_DIR")
    args = ["init", "-backend=false"] + ([f"-plugin-dir={plugin_dir}"] if plugin_dir else [])
    result = terraform(*args, cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    return work


def test_bootstrap_is_formatted():
    result = terraform("fmt", "-check", "-recursive", "-diff", cwd=BOOTSTRAP)
    hint = "run `terraform fmt -recursive terraform/bootstrap`"
    assert result.returncode == 0, f"{hint}:\n{result.stdout}"


def test_bootstrap_validates(initialised: Path):
    result = terraform("validate", cwd=initialised)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bootstrap_terraform_test(initialised: Path):
    result = terraform("test", cwd=initialised)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failed" in result.stdout
    assert " 0 passed" not in result.stdout
