"""The check CI runs (tools/release/migrations.py) on the real migrations, and on a bad one."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tools.release.migrations import lint

pytestmark = pytest.mark.django_db


def test_the_shop_migrations_are_backward_compatible() -> None:
    result = lint()
    assert result.ok, result.report
    assert "(shop, 0001_initial)" in result.report


def test_a_migration_that_breaks_the_running_version_is_refused() -> None:
    with override_settings(MIGRATION_MODULES={"shop": "tests.app.incompatible_migrations"}):
        result = lint()
    assert not result.ok
    assert "(shop, 0002_drop_and_require)... ERR" in result.report
    assert "DROPPING columns" in result.report
    assert "NOT NULL constraint on columns" in result.report
