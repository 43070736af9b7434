"""Refuse migrations the running version cannot live with (`make lint-migrations`, and make test).

During a canary the old and the new version share one schema, so a migration must leave every
table and column the old code reads or writes usable: no dropped or renamed columns or tables, no
NOT NULL column without a database default, and so on (django-migration-linter's checks). Such a
change takes two releases, expand then contract (docs/releases.md).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass

# Only the project's own apps: Django's contrib migrations predate this rule.
PROJECT_APPS = ("shop",)
# Reviewed contract steps (docs/releases.md) by name, e.g. "0007_drop_order_legacy_email":
# each removes only what a release that is already live everywhere stopped using.
CONTRACT_MIGRATIONS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LintResult:
    ok: bool
    report: str


def lint(apps: Iterable[str] = PROJECT_APPS) -> LintResult:
    """Lint every migration of `apps` against the configured database's SQL dialect."""
    from django_migration_linter import MigrationLinter

    report = io.StringIO()
    with contextlib.redirect_stdout(report):
        linter = MigrationLinter(
            include_apps=list(apps), ignore_name=sorted(CONTRACT_MIGRATIONS), no_cache=True
        )
        linter.lint_all_migrations()
        linter.print_summary()
    return LintResult(ok=not linter.has_errors, report=report.getvalue())


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    import django

    django.setup()
    result = lint()
    print(result.report, end="")
    if not result.ok:
        print(
            "error: a migration above is not backward compatible with the version still serving; "
            "split it into expand and contract releases (docs/releases.md)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
