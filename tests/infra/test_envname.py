"""Branch and ENV names become valid, distinct environment names; bad ones fail clearly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools import envname

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tools" / "envname.py"


@pytest.mark.parametrize("branch", ["main", "staging", "production", "pr-42", "feature-login"])
def test_valid_branch_names_are_kept(branch: str) -> None:
    assert envname.from_branch(branch) == branch


@pytest.mark.parametrize(
    "branch",
    [
        "feature/Foo_Bar",
        "Feature/Foo_Bar",
        "renovate/hashicorp-aws-5.x-lockfile-maintenance",
        "123-hotfix",
        "___",
        "dependabot/pip/requirements/django-5.2.8",
        "refs/heads/topic/UPPER",
    ],
)
def test_any_branch_becomes_a_valid_name(branch: str) -> None:
    name = envname.from_branch(branch)
    assert envname.is_valid(name), name
    assert len(name) <= envname.MAX_LENGTH
    assert name[0].isalpha() and not name.endswith("-") and "--" not in name


def test_feature_branch_keeps_a_readable_prefix() -> None:
    assert envname.from_branch("feature/Foo_Bar").startswith("feature-foo")


def test_long_branches_with_a_common_prefix_do_not_collide() -> None:
    a = envname.from_branch("feature/checkout-redesign-step-one")
    b = envname.from_branch("feature/checkout-redesign-step-two")
    assert a != b
    assert a.startswith("feature-check") and b.startswith("feature-check")


def test_slugging_collisions_are_kept_apart() -> None:
    # Both slug to feature-foo; only the valid one keeps the plain name.
    assert envname.from_branch("feature-foo") == "feature-foo"
    assert envname.from_branch("feature/foo") != "feature-foo"
    assert envname.from_branch("Feature/Foo") != envname.from_branch("feature/foo")


def test_names_are_stable() -> None:
    assert envname.from_branch("feature/Foo_Bar") == envname.from_branch("feature/Foo_Bar")


@pytest.mark.parametrize(
    "name", ["Staging", "pr_42", "-pr", "pr-", "pr--42", "4pr", "a" * 21, "feature/foo", ""]
)
def test_invalid_explicit_names_are_rejected(name: str) -> None:
    with pytest.raises(envname.EnvNameError):
        envname.check(name)


def test_cli_explains_an_invalid_env() -> None:
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--env", "Bad_Name"], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "invalid environment name 'Bad_Name'" in proc.stderr
    assert "e.g. staging, pr-42" in proc.stderr


def test_cli_reads_the_current_branch(tmp_path: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "feature/Foo_Bar", str(tmp_path)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    proc = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == envname.from_branch("feature/Foo_Bar")


def test_cli_falls_back_to_the_ci_branch(tmp_path: Path) -> None:
    # A detached checkout (as in CI) has no current branch; GitHub names it instead.
    env = {**os.environ, "GITHUB_HEAD_REF": "feature/Foo_Bar", "GIT_CEILING_DIRECTORIES": "/"}
    proc = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == envname.from_branch("feature/Foo_Bar")
