"""actionlint (WebAssembly build under Node, from `make actionlint-deps`) on every workflow."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.workflows.wf_support import REPO_ROOT

RUNNER = REPO_ROOT / "tools" / "actionlint" / "run.mjs"
INSTALLED = REPO_ROOT / "tools" / "actionlint" / "node_modules" / "@tktco" / "node-actionlint"


def actionlint(*args: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed; actionlint runs under Node (apt-get install nodejs)")
    if not INSTALLED.is_dir():
        pytest.fail("actionlint is not installed: run `make actionlint-deps` (make test does)")
    return subprocess.run(
        [node, str(RUNNER), "--json", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_actionlint_finds_nothing_in_the_workflows():
    result = actionlint()
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)
    report = "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )
    assert not findings, f"actionlint findings:\n{report}"
    assert result.returncode == 0


def test_actionlint_reports_a_broken_workflow(tmp_path: Path):
    # Proves the wrapper really lints: an undefined context and a bad `needs` must be caught.
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "permissions:\n  contents: read\n"
        "jobs:\n"
        "  a:\n"
        "    runs-on: ubuntu-24.04\n"
        "    needs: nowhere\n"
        "    steps:\n"
        "      - run: make test ENV=${{ nothing.here }}\n"
    )
    result = actionlint(str(broken))
    assert result.returncode == 1, result.stderr
    kinds = {f["kind"] for f in json.loads(result.stdout)}
    assert {"expression", "job-needs"} <= kinds
