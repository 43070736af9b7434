"""What the Lambda package leaves out, and why.

Everything here is dead weight on Lambda: it costs upload time, unzip time on every cold start
and space under the 250 MB limit, and nothing at runtime reads it. Rules are by path, so a new
dependency is pruned the same way without touching this file.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# Only these survive inside *.dist-info: METADATA for importlib.metadata.version(), the rest so
# licence texts travel with the code they cover. RECORD would list files that are gone.
_DIST_INFO_KEEP = re.compile(
    r"^(METADATA|top_level\.txt|(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*|licenses/.*)$"
)
# Type stubs, gettext sources (only the compiled .mo is read), C sources.
_DROP_SUFFIXES = {".pyi", ".po", ".pot", ".c", ".h", ".pyx", ".pxd", ".pyc", ".pyo"}
_DROP_NAMES = {"py.typed"}
# startapp/startproject scaffolding: never run inside a function.
_DROP_TREES = {"bin", "django/conf/app_template", "django/conf/project_template"}
# Django's test framework and the modules that only the test tooling imports.
_TEST_ONLY = {
    "django/test",
    "django/contrib/admin/tests.py",
    "django/contrib/staticfiles/testing.py",
    "django/core/management/commands/test.py",
    "django/core/management/commands/testserver.py",
}
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<from>[\w.]+)[ \t]+import[ \t]+"
    r"(?:\((?P<group>[^)]*)\)|(?P<names>[\w \t,*]+))"
    r"|import[ \t]+(?P<mods>[\w. \t,]+))",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Policy:
    """The app-driven part of pruning, read from Django's settings by the probe."""

    locales: frozenset[str] | None  # locale directory names to keep (None: keep all)
    installed_apps: frozenset[str]
    # django.contrib modules the app names anywhere (imports, or strings in settings).
    referenced: frozenset[str] = frozenset()

    def fingerprint(self) -> str:
        locales = ",".join(sorted(self.locales)) if self.locales is not None else "*"
        apps = ",".join(sorted(self.installed_apps | self.referenced))
        return f"locales={locales};apps={apps}"


@dataclass
class Report:
    files: Counter[str] = field(default_factory=Counter)
    size: Counter[str] = field(default_factory=Counter)

    def add(self, rule: str, path: Path) -> None:
        for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
            if item.is_file():
                self.files[rule] += 1
                self.size[rule] += item.stat().st_size

    def lines(self) -> list[str]:
        return [
            f"    {rule:<24} {self.files[rule]:>6} files {self.size[rule] / 2**20:>7.2f} MiB"
            for rule in sorted(self.size, key=self.size.__getitem__, reverse=True)
        ]


def _remove(path: Path, rule: str, report: Report) -> None:
    report.add(rule, path)
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()


def _is_data_static(path: Path) -> bool:
    # An app's static/ folder is collected into dist/static at build time; the function only
    # needs the manifest. A Python package that happens to be called "static" stays.
    return path.name == "static" and not (path / "__init__.py").exists()


def prune_common(root: Path, report: Report, locales: frozenset[str] | None) -> None:
    """Rules shared by the dependencies and the app."""
    for path in sorted(root.rglob("*"), reverse=True):  # children before parents
        if not path.exists() and not path.is_symlink():
            continue  # inside a tree removed a moment ago
        rel = path.relative_to(root)
        if path.is_dir():
            if path.name in {"__pycache__", "tests"}:
                _remove(path, path.name, report)
            elif _is_data_static(path):
                _remove(path, "static (collected)", report)
            elif locales is not None and path.parent.name == "locale" and path.name not in locales:
                _remove(path, "unused locales", report)
        elif path.suffix in _DROP_SUFFIXES or path.name in _DROP_NAMES:
            _remove(path, path.name if path.name in _DROP_NAMES else f"*{path.suffix}", report)
        elif rel.parts[0].endswith(".dist-info") and not _DIST_INFO_KEEP.match(
            "/".join(rel.parts[1:])
        ):
            _remove(path, "dist-info extras", report)


def _imported_modules(source: str) -> set[str]:
    found: set[str] = set()
    for match in _IMPORT.finditer(source):
        if match["from"]:
            names = re.split(r"[\s,]+", match["group"] or match["names"])
            found.update(f"{match['from']}.{n}" for n in names if n and n != "*")
            found.add(match["from"])
        else:
            found.update(m.split()[0] for m in match["mods"].split(",") if m.split())
    return found


def _module_of(rel: Path) -> str:
    return ".".join(rel.with_suffix("").parts)


def prune_optional(root: Path, policy: Policy, report: Report) -> None:
    """Drop django.contrib apps the project does not install, and Django's test framework.

    An app that kept code still imports (django.contrib.auth imports django.contrib.sites)
    stays: this is decided by scanning the import statements, repeated until nothing changes.
    """
    contrib = root / "django" / "contrib"
    if not contrib.is_dir():
        return
    needed = policy.installed_apps | policy.referenced
    optional = {
        f"django/contrib/{app.name}"
        for app in contrib.iterdir()
        if app.is_dir() and f"django.contrib.{app.name}" not in needed
    }
    drop = optional | _TEST_ONLY
    sources = {p.relative_to(root): p.read_text(encoding="utf-8") for p in root.rglob("*.py")}

    def under(rel: Path, prefixes: set[str]) -> bool:
        text = rel.as_posix()
        return any(text == p or text.startswith(p + "/") for p in prefixes)

    while True:
        imported: set[str] = set()
        for rel, text in sources.items():
            if not under(rel, drop):
                imported |= _imported_modules(text)
        rescued = {
            prefix
            for prefix in drop - _TEST_ONLY
            if any(m == _dotted(prefix) or m.startswith(_dotted(prefix) + ".") for m in imported)
        }
        if not rescued:
            break
        drop -= rescued
    test_importers = sorted(
        str(rel)
        for rel, text in sources.items()
        if not under(rel, drop)
        and any(m.startswith("django.test") for m in _imported_modules(text))
    )
    if test_importers:
        raise RuntimeError(
            "these modules import django.test but would ship without it; add them to "
            f"_TEST_ONLY in tools/package/prune.py or stop dropping django.test: {test_importers}"
        )
    for prefix in sorted(drop):
        path = root / prefix
        if path.exists():
            _remove(
                path, "test framework" if prefix in _TEST_ONLY else "uninstalled contrib", report
            )


def _dotted(prefix: str) -> str:
    return prefix.removesuffix(".py").replace("/", ".")


def prune_deps(root: Path, policy: Policy, report: Report) -> None:
    for tree in sorted(_DROP_TREES):
        if (root / tree).exists():
            _remove(root / tree, "scaffolding/scripts", report)
    prune_optional(root, policy, report)
    prune_common(root, report, policy.locales)
