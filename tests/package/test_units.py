"""The build's parts, on small inputs: lock parsing, target resolution, pruning decisions."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tools.package import deps, lock, prune, zipper
from tools.package.build import BuildError, _merge
from tools.package.target import Target, TargetError, find_interpreter

from .conftest import CACHE_DIR, REPO

HASH = "sha256:" + "a" * 64


def _lock(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "app.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_lock_markers_are_evaluated_for_the_target_not_the_build_host(tmp_path):
    path = _lock(
        tmp_path,
        f"django==5.2.1 \\\n    --hash={HASH}\n    # via -r app.in\n"
        f"typing-extensions==4.12.0 ; python_full_version < '3.13' \\\n    --hash={HASH}\n"
        f"tzdata==2025.1 ; sys_platform == 'win32' \\\n    --hash={HASH}\n",
    )
    pinned = lock.parse_lock(path)
    for runtime, expected in [
        ("python3.12", ["django", "typing-extensions"]),
        ("python3.13", ["django"]),
    ]:
        env = Target.parse(runtime, "arm64").marker_environment(runtime[6:] + ".0")
        assert [r.name for r in lock.select(pinned, env)] == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("django>=5.2 \\\n    --hash=" + HASH + "\n", "is not pinned with '=='"),
        ("django==5.2.1\n", "has no --hash"),
        ("django==5.2.1 --hash=sha256:abc\n", "malformed hash"),
        ("-e ./local \\\n    --hash=" + HASH + "\n", "unsupported option"),
        ("django==5.2.1 ; python_version >>> '3' --hash=" + HASH + "\n", "invalid environment"),
        ("# nothing\n", "no requirements found"),
    ],
)
def test_lock_errors_name_the_line(tmp_path, text, message):
    with pytest.raises(lock.LockError, match=message):
        lock.parse_lock(_lock(tmp_path, text))


def test_the_project_lock_parses_and_leaves_boto3_out_of_the_package():
    pinned = lock.parse_lock(REPO / "requirements" / "app.txt")
    names = {r.name for r in pinned}
    assert {"django", "apig-wsgi", "psycopg-binary"} <= names
    assert not names & deps.LAMBDA_RUNTIME_PACKAGES


@pytest.mark.parametrize(
    ("runtime", "arch", "message"),
    [
        ("python3.11", "x86_64", "not supported; use one of python3.12, python3.13"),
        ("nodejs22.x", "x86_64", "not supported"),
        ("python3.13", "aarch64", "use x86_64 or arm64"),
    ],
)
def test_unsupported_targets_are_refused(runtime, arch, message):
    with pytest.raises(TargetError, match=message):
        Target.parse(runtime, arch)


def test_platform_tags_cover_manylinux2014_up_to_the_runtime_glibc():
    tags = Target.parse("python3.13", "arm64").pip_platforms
    assert tags[0] == "manylinux_2_34_aarch64" and tags[-1] == "manylinux2014_aarch64"
    assert "manylinux_2_17_aarch64" in tags and not any("x86_64" in t for t in tags)


def test_a_missing_target_interpreter_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("LAMBDA_PYTHON", str(tmp_path / "nope"))
    with pytest.raises(TargetError, match=r"no CPython 3\.12 .*pyenv install 3\.12"):
        find_interpreter.__wrapped__(Target.parse("python3.12", "x86_64"))


def test_a_wrong_version_interpreter_is_not_accepted(tmp_path, monkeypatch, interpreter):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    monkeypatch.setenv("LAMBDA_PYTHON", str(interpreter.path))  # 3.13 offered for 3.12
    with pytest.raises(TargetError, match="cpython-313"):
        find_interpreter.__wrapped__(Target.parse("python3.12", "x86_64"))


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_contrib_apps_are_dropped_unless_installed_or_imported(tmp_path):
    _tree(
        tmp_path,
        {
            "django/contrib/auth/views.py": "from django.contrib.sites.shortcuts import x\n",
            "django/contrib/sites/shortcuts.py": "x = 1\n",
            "django/contrib/gis/__init__.py": "",
            "django/contrib/humanize/__init__.py": "",
            "django/contrib/postgres/__init__.py": "",
            "django/db/models/indexes.py": '"Use django.contrib.postgres.indexes.OpClass()"\n',
            "django/test/__init__.py": "",
            "django/contrib/admin/tests.py": "from django.test import LiveServerTestCase\n",
        },
    )
    policy = prune.Policy(
        locales=frozenset({"en"}),
        installed_apps=frozenset({"django.contrib.auth"}),
        referenced=frozenset({"django.contrib.humanize"}),  # e.g. named in settings
    )
    prune.prune_optional(tmp_path, policy, prune.Report())
    kept = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.py")}
    assert kept == {
        "django/contrib/auth/views.py",
        "django/contrib/sites/shortcuts.py",  # imported by kept code
        "django/contrib/humanize/__init__.py",  # referenced by the app
        "django/db/models/indexes.py",  # a mention in a string is not an import
    }


def test_kept_code_importing_the_test_framework_fails_the_build(tmp_path):
    _tree(
        tmp_path,
        {
            "django/contrib/auth/__init__.py": "",
            "django/test/__init__.py": "",
            "django/core/checks.py": "from django.test.utils import x\n",
        },
    )
    policy = prune.Policy(None, frozenset({"django.contrib.auth"}))
    with pytest.raises(RuntimeError, match=r"django/core/checks\.py"):
        prune.prune_optional(tmp_path, policy, prune.Report())


def test_common_rules(tmp_path):
    _tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/__init__.pyi": "",
            "pkg/py.typed": "",
            "pkg/tests/test_x.py": "",
            "pkg/static/pkg/app.css": "",
            "lib/static/__init__.py": "",  # a package called static is code, not assets
            "pkg/locale/en/LC_MESSAGES/django.mo": "",
            "pkg/locale/en/LC_MESSAGES/django.po": "",
            "pkg/locale/de/LC_MESSAGES/django.mo": "",
            "pkg-1.0.dist-info/METADATA": "",
            "pkg-1.0.dist-info/RECORD": "",
            "pkg-1.0.dist-info/licenses/LICENSE": "",
        },
    )
    prune.prune_common(tmp_path, prune.Report(), frozenset({"en"}))
    kept = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert kept == {
        "pkg/__init__.py",
        "lib/static/__init__.py",
        "pkg/locale/en/LC_MESSAGES/django.mo",
        "pkg-1.0.dist-info/METADATA",
        "pkg-1.0.dist-info/licenses/LICENSE",
    }


@pytest.mark.slow
def test_arm64_gets_aarch64_wheels(interpreter):
    """The non-default architecture resolves to its own manylinux wheels (nothing compiled)."""
    target = Target.parse(f"python{interpreter.full_version.rsplit('.', 1)[0]}", "arm64")
    env = target.marker_environment(interpreter.full_version)
    pinned = lock.select(lock.parse_lock(REPO / "requirements" / "app.txt"), env)
    site = deps.install(pinned, target, interpreter, CACHE_DIR)
    libraries = sorted(site.glob("psycopg_binary/*.so"))
    assert libraries
    for library in libraries:
        header = library.read_bytes()[:20]
        assert header[:4] == b"\x7fELF"
        (machine,) = struct.unpack("<H", header[18:20])
        assert machine == 183, f"{library.name} is not AArch64 (e_machine={machine})"


def test_app_modules_may_not_shadow_dependencies():
    member = zipper.deflate(b"x = 1\n", 9)
    layer = {"django/__init__.py": member, "__pycache__/typing_extensions.cpython-312.pyc": member}
    # Both sides have top-level modules compiled into the zip root's __pycache__/: no clash.
    merged = _merge(layer, {"__pycache__/lambda_handler.cpython-312.pyc": member})
    assert len(merged) == 3
    with pytest.raises(BuildError, match=r"\['django'\] exist both in the app"):
        _merge(layer, {"django/__init__.py": member})
