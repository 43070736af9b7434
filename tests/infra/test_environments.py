"""The environment files set only variables the root declares, and the root keeps its contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENVIRONMENTS = REPO / "environments"
ROOT = REPO / "terraform"

_ASSIGNMENT_RE = re.compile(r"^([a-z_][a-z0-9_]*)\s*=", re.M)
_VARIABLE_RE = re.compile(r'^variable\s+"([a-z0-9_]+)"', re.M)
_OUTPUT_RE = re.compile(r'^output\s+"([a-z0-9_]+)"', re.M)


def _declared(pattern: re.Pattern[str]) -> set[str]:
    return {m for f in ROOT.glob("*.tf") for m in pattern.findall(f.read_text())}


@pytest.mark.parametrize("tfvars", sorted(ENVIRONMENTS.glob("*.tfvars")), ids=lambda p: p.name)
def test_tfvars_set_only_declared_variables(tfvars: Path) -> None:
    assigned = set(_ASSIGNMENT_RE.findall(tfvars.read_text()))
    assert assigned, f"{tfvars.name} sets nothing"
    unknown = assigned - _declared(_VARIABLE_RE)
    assert not unknown, f"{tfvars.name} sets undeclared variables {sorted(unknown)}"
    # env comes from make, and secrets never come from tfvars.
    assert "env" not in assigned
    assert not {a for a in assigned if re.search(r"password|secret_key|token", a)}


def test_required_files_exist() -> None:
    for name in (
        "backend.hcl",
        "common.tfvars",
        "preview.tfvars",
        "staging.tfvars",
        "production.tfvars",
    ):
        assert (ENVIRONMENTS / name).is_file(), name


def test_backend_uses_native_locking_and_no_fixed_key() -> None:
    backend = (ENVIRONMENTS / "backend.hcl").read_text()
    assert re.search(r"^use_lockfile\s*=\s*true", backend, re.M)
    assert re.search(r"^encrypt\s*=\s*true", backend, re.M)
    # The key is per environment and comes from make.
    assert not re.search(r"^key\s*=", backend, re.M)
    root = (ROOT / "versions.tf").read_text()
    assert re.search(r'backend\s+"s3"\s*\{\s*\}', root)


def test_previews_can_always_be_destroyed() -> None:
    preview = (ENVIRONMENTS / "preview.tfvars").read_text()
    for setting in (
        "database_deletion_protection      = false",
        "database_skip_final_snapshot      = true",
        "force_destroy_buckets       = true",
        "secret_recovery_window_days = 0",
    ):
        assert setting in preview, setting


def test_production_is_protected() -> None:
    production = (ENVIRONMENTS / "production.tfvars").read_text()
    assert re.search(r"^database_deletion_protection\s*=\s*true", production, re.M)


def test_outputs_other_tools_read_are_declared() -> None:
    # The CI report, the local edge and the emulator lifecycle read these by name.
    expected = {
        "shop_url",
        "cloudfront_distribution_id",
        "api_endpoint",
        "web_function_name",
        "function_names",
        "storefront_bucket_name",
        "assets_bucket_name",
        "bucket_names",
    }
    assert expected <= _declared(_OUTPUT_RE)


def test_provider_is_configured_in_providers_tf_only() -> None:
    providers = (ROOT / "providers.tf").read_text()
    assert "region = var.region" in providers
    for tag in ("Project", "Environment", "ManagedBy"):
        assert re.search(rf"\b{tag}\s*=", providers), tag
    for tf_file in ROOT.glob("*.tf"):
        if tf_file.name != "providers.tf":
            assert not re.search(r'^provider\s+"', tf_file.read_text(), re.M), tf_file
