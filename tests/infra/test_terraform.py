"""terraform fmt, validate and test over the root and every module, and checkov over all of it."""

from __future__ import annotations

import json
import re
import subprocess
from concurrent.futures import Future

import pytest

from tests.infra.conftest import (
    CHECKOV,
    MODULE_DIRS,
    REPO,
    TF_DIRS,
    DirResult,
    Terraform,
    dir_id,
)

pytestmark = pytest.mark.slow

_SUMMARY_RE = re.compile(r"(?:Success|Failure)! (\d+) passed, (\d+) failed")


def _result(tf_results: dict[str, Future[DirResult]], name: str) -> DirResult:
    result = tf_results[name].result()
    assert result.init.returncode == 0, result.init.describe()
    return result


def test_every_module_has_the_standard_layout() -> None:
    for directory in MODULE_DIRS:
        for name in ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md"):
            assert (directory / name).is_file(), f"{dir_id(directory)} lacks {name}"
        assert list((directory / "tests").glob("*.tftest.hcl")), f"{dir_id(directory)} has no tests"
        # Providers are configured once, in the root: a module with its own cannot be reused.
        for tf_file in directory.glob("*.tf"):
            assert not re.search(r'^\s*provider\s+"', tf_file.read_text(), re.M), tf_file


def test_format(terraform: Terraform) -> None:
    for path in ("modules", "terraform", "environments"):
        run = terraform.run(REPO, "fmt", "-check", "-recursive", "-diff", "-no-color", path)
        assert run.returncode == 0, f"run `make tf-fmt`:\n{run.describe()}"


@pytest.mark.parametrize("name", [dir_id(d) for d in TF_DIRS])
def test_validate(tf_results: dict[str, Future[DirResult]], name: str) -> None:
    result = _result(tf_results, name)
    assert result.validate is not None
    assert result.validate.returncode == 0, result.validate.describe()
    assert "Success! The configuration is valid." in result.validate.output


@pytest.mark.parametrize("name", [dir_id(d) for d in TF_DIRS])
def test_terraform_test(tf_results: dict[str, Future[DirResult]], name: str) -> None:
    result = _result(tf_results, name)
    assert result.test is not None, f"{name} has no tests/*.tftest.hcl"
    assert result.test.returncode == 0, result.test.describe()
    summary = _SUMMARY_RE.search(result.test.output)
    assert summary, result.test.describe()
    passed, failed = int(summary[1]), int(summary[2])
    assert failed == 0 and passed > 0, result.test.describe()


def _json_documents(text: str) -> list[object]:
    """checkov prints one JSON document per scanned directory, back to back."""
    decoder = json.JSONDecoder()
    documents: list[object] = []
    index = 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        document, index = decoder.raw_decode(text, index)
        documents.append(document)
    return documents


def _checkov_failures(documents: list[object]) -> tuple[int, list[str]]:
    reports: list[object] = []
    for document in documents:
        reports.extend(document if isinstance(document, list) else [document])
    failed = 0
    details: list[str] = []
    for item in reports:
        if not isinstance(item, dict):
            continue
        failed += int(item.get("summary", {}).get("failed", 0))
        for check in item.get("results", {}).get("failed_checks", []):
            details.append(
                f"{check['check_id']} {check['resource']} "
                f"({check['file_path']}:{check['file_line_range'][0]}): {check['check_name']}"
            )
    return failed, details


def test_checkov_finds_nothing() -> None:
    if not CHECKOV.exists():
        pytest.fail(f"{CHECKOV} is missing: run `make checkov-deps` (make test does)")
    # Only the real-AWS code: the emulator's own files (localcloud/) are not scanned.
    proc = subprocess.run(
        [
            str(CHECKOV),
            *("-d", "modules", "-d", "terraform"),
            *("--framework", "terraform", "--skip-download", "--quiet", "-o", "json"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={"LOG_LEVEL": "ERROR", "PATH": "/usr/bin:/bin", "HOME": str(REPO / ".local")},
    )
    assert proc.stdout.strip(), proc.stderr
    documents = _json_documents(proc.stdout)
    assert len(documents) == 2, proc.stdout[:2000]
    failed, details = _checkov_failures(documents)
    assert failed == 0, "checkov failed checks:\n" + "\n".join(details)
    assert proc.returncode == 0, proc.stderr


def test_checkov_skips_say_why() -> None:
    skip_re = re.compile(r"#\s*checkov:skip=([A-Z0-9_]+)(?::(.*))?")
    for tf_file in [*REPO.glob("modules/**/*.tf"), *REPO.glob("terraform/**/*.tf")]:
        if ".terraform" in tf_file.parts:
            continue
        for number, line in enumerate(tf_file.read_text().splitlines(), 1):
            match = skip_re.search(line)
            if match:
                reason = (match[2] or "").strip()
                assert len(reason) >= 20, f"{tf_file}:{number}: skip of {match[1]} needs a reason"


@pytest.mark.parametrize("directory", [*MODULE_DIRS, REPO / "terraform"], ids=dir_id)
def test_readme_lists_every_input_and_output(directory) -> None:
    readme = (directory / "README.md").read_text()
    names: list[str] = []
    for tf_file in directory.glob("*.tf"):
        names += re.findall(r'^(?:variable|output)\s+"([a-z0-9_]+)"', tf_file.read_text(), re.M)
    missing = [n for n in names if f"`{n}`" not in readme]
    assert not missing, f"{dir_id(directory)}/README.md does not document {missing}"
