"""make picks the environment, its tfvars and state key, and fails clearly before Terraform."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def make(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS", "TF_STATE"))
    }
    clean.pop("ENV", None)
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**clean, **env},
        timeout=60,
    )


def test_explicit_env_is_used() -> None:
    proc = make("-s", "tf-env", "ENV=pr-42")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "pr-42"


def test_invalid_env_fails_before_terraform() -> None:
    for target in ("plan", "apply", "destroy", "outputs"):
        proc = make(target, "ENV=Feature/Foo", "TF_STATE_BUCKET=state", "TF_STATE_REGION=eu-west-1")
        assert proc.returncode != 0, target
        assert "invalid environment name 'Feature/Foo'" in proc.stderr, proc.stderr


def test_missing_state_bucket_is_explained() -> None:
    proc = make("plan", "ENV=pr-42", "TF_STATE_REGION=eu-west-1")
    assert proc.returncode != 0
    assert "TF_STATE_BUCKET is not set" in proc.stderr


def test_init_uses_one_state_key_per_env_and_the_plugin_dir() -> None:
    # -n prints the commands without running them.
    proc = make(
        "-n",
        "plan",
        "ENV=pr-7",
        "TF_STATE_BUCKET=state",
        "TF_STATE_REGION=eu-west-1",
        "TF_PLUGIN_DIR=/mirror",
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "-backend-config=key=env/pr-7/terraform.tfstate" in out
    assert "-backend-config=bucket=state" in out
    assert "-plugin-dir=/mirror" in out
    assert "environments/backend.hcl" in out
    # A preview has no tfvars of its own.
    assert "environments/common.tfvars" in out and "environments/preview.tfvars" in out
    assert "-var env=pr-7" in out
    assert ".local/terraform/pr-7" in out
    # Issue 12, finding 8: the saved plan's reservations against the account's quota.
    assert "show -json" in out and "-m tools.concurrency" in out


def test_long_lived_env_uses_its_own_tfvars() -> None:
    proc = make("-n", "apply", "ENV=staging", "TF_STATE_BUCKET=state", "TF_STATE_REGION=eu-west-1")
    assert proc.returncode == 0, proc.stderr
    assert "environments/staging.tfvars" in proc.stdout
    assert "preview.tfvars" not in proc.stdout


def test_plain_init_without_a_mirror() -> None:
    proc = make(
        "-n",
        "plan",
        "ENV=pr-7",
        "TF_STATE_BUCKET=state",
        "TF_STATE_REGION=eu-west-1",
        TF_PLUGIN_DIR="",
    )
    assert proc.returncode == 0, proc.stderr
    assert "-plugin-dir" not in proc.stdout
