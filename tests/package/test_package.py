"""What `make build` promises about dist/lambda.zip and the static bundle."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
from pathlib import PurePosixPath

import pytest

from tools.package import zipper
from tools.package.__main__ import main as build_cli
from tools.package.build import MIB, build

pytestmark = pytest.mark.slow

HASHED = re.compile(r"\.[0-9a-f]{12}(\.|$)")  # "base.96c479cedf7a.css", "LICENSE.2c54f4e1ca1c"


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _names(built) -> list[str]:
    with zipfile.ZipFile(built.zip_path) as archive:
        return archive.namelist()


def test_two_builds_of_the_same_inputs_are_byte_identical(built, rebuilt):
    assert not built.result.skipped and not rebuilt.result.skipped
    assert _sha256(built.zip_path) == _sha256(rebuilt.zip_path) == built.result.info["sha256"]
    static_a = sorted(p.relative_to(built.config.out_dir) for p in built.config.out_dir.rglob("*"))
    static_b = sorted(
        p.relative_to(rebuilt.config.out_dir) for p in rebuilt.config.out_dir.rglob("*")
    )
    assert static_a == static_b


def test_entries_are_sorted_with_fixed_dates_and_permissions(built):
    with zipfile.ZipFile(built.zip_path) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    names = [info.filename for info in infos]
    assert names == sorted(names)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
        assert info.create_system == 3, info.filename
        mode = info.external_attr >> 16
        expected = zipper.DIR_MODE if info.is_dir() else zipper.FILE_MODE
        assert mode == expected, f"{info.filename}: {stat.filemode(mode)}"
        assert info.extra == b"" and info.comment == b""


def test_source_date_epoch_sets_the_entry_dates(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")  # 2023-11-14 22:13:21 UTC
    dest = tmp_path / "t.zip"
    zipper.write(dest, {"pkg/mod.py": zipper.deflate(b"x = 1\n" * 50, 9)})
    with zipfile.ZipFile(dest) as archive:
        assert [i.date_time for i in archive.infolist()] == [(2023, 11, 14, 22, 13, 20)] * 2
        assert archive.read("pkg/mod.py") == b"x = 1\n" * 50


def test_every_module_ships_unchecked_hash_bytecode_of_the_target(built, interpreter, target):
    names = set(_names(built))
    sources = [n for n in names if n.endswith(".py")]
    assert "lambda_handler.py" in sources and "django/__init__.py" in sources
    missing = []
    for source in sources:
        path = PurePosixPath(source)
        pyc = str(path.parent / "__pycache__" / f"{path.stem}.{target.cache_tag}.pyc")
        if pyc.startswith("./"):
            pyc = pyc[2:]
        if pyc not in names:
            missing.append(source)
    assert missing == []
    with zipfile.ZipFile(built.zip_path) as archive:
        for name in [n for n in names if n.endswith(".pyc")]:
            assert f".{target.cache_tag}.pyc" in name, name
            header = archive.read(name)[:8]
            assert header[:4].hex() == interpreter.magic, name
            # PEP 552 flags: 0b01 = hash-based, source not checked.
            assert int.from_bytes(header[4:8], "little") == 0b01, name


def test_tests_caches_and_noise_are_left_out(built):
    names = _names(built)
    noise = [
        n
        for n in names
        if re.search(r"(^|/)(tests|static|bin)/", n)
        or n.endswith((".pyi", ".po", ".pyo", "py.typed", ".sqlite3"))
        or (n.endswith(".pyc") and "/__pycache__/" not in f"/{n}")
        or n.startswith(("django/test/", "storefront/", "django/conf/project_template/"))
        or (".dist-info/" in n and n.rsplit("/", 1)[-1] in {"RECORD", "INSTALLER", "WHEEL"})
    ]
    assert noise == []
    tops = {n.split("/", 1)[0] for n in names}
    # boto3 comes with the Lambda runtime; bundling it would cost ~20 MB unzipped.
    assert not tops & {"boto3", "botocore", "s3transfer"}
    assert {"lambda_handler.py", "config", "shop", "django", "staticfiles.json"} <= tops


def test_only_the_locales_the_settings_ask_for_ship(built):
    kept = set(built.result.info["locales"])
    assert "en" in kept
    shipped = {m[1] for n in _names(built) if (m := re.search(r"/locale/(\w+)/", n))} - {
        "__pycache__"
    }
    assert shipped and shipped <= kept


def test_uninstalled_contrib_apps_are_left_out_but_imported_ones_stay(built):
    contrib = {m[1] for n in _names(built) if (m := re.match(r"django/contrib/(\w+)/", n))}
    assert {"admin", "auth", "contenttypes", "sessions", "messages", "staticfiles"} <= contrib
    assert "sites" in contrib  # auth.views imports django.contrib.sites.shortcuts
    # sitemaps and syndication stay: django-tasks imports django-stubs-ext, which imports both.
    assert not contrib & {"gis", "postgres", "admindocs", "flatpages", "redirects"}


def test_size_report_and_budget(built):
    info = built.result.info
    assert info["zipped_bytes"] == built.zip_path.stat().st_size
    assert info["zipped_bytes"] <= built.config.budget_mb * MIB
    with zipfile.ZipFile(built.zip_path) as archive:
        assert info["unzipped_bytes"] == sum(i.file_size for i in archive.infolist())
    report = "\n".join(built.log)
    assert "of the project budget" in report and "of Lambda's 50 MiB" in report
    assert "of Lambda's 250 MiB" in report


def test_over_budget_fails_with_a_clear_message(built, capsys):
    out = built.config.out_dir
    argv = [
        "--app-dir", str(built.config.app_dir), "--out", str(out),
        "--lock", str(built.config.lock_file), "--dev-lock", str(built.config.dev_lock_file),
        "--cache-dir", str(built.config.cache_dir), "--runtime", built.config.target.runtime,
        "--budget-mb", "1",
    ]  # fmt: skip
    assert build_cli(argv) == 1
    err = capsys.readouterr().err
    assert "over the project budget of 1 MiB" in err and "LAMBDA_ZIP_BUDGET_MB" in err


def test_unchanged_inputs_skip_the_rebuild(built, config_for):
    before = built.zip_path.stat().st_mtime_ns
    again = build(config_for(built.config.out_dir), log=lambda _line: None)
    assert again.skipped
    assert built.zip_path.stat().st_mtime_ns == before
    assert again.info["sha256"] == built.result.info["sha256"]


def test_static_bundle_has_hashed_names_and_the_manifest_ships_in_the_zip(built):
    static = built.config.out_dir / "static"
    files = [p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()]
    assert files and all(HASHED.search(name) for name in files), "unhashed files in static/"
    with zipfile.ZipFile(built.zip_path) as archive:
        manifest = json.loads(archive.read("staticfiles.json"))
    assert set(manifest["paths"].values()) == set(files)
    assert "admin/css/base.css" in manifest["paths"]
    assert "shop/placeholder.svg" in manifest["paths"]


def test_storefront_bundle_pages_point_at_hashed_assets(built):
    storefront = built.config.out_dir / "storefront"
    index = (storefront / "index.html").read_text(encoding="utf-8")
    refs = re.findall(r'(?:src|href)="(/assets/[^"]+)"', index)
    assert refs
    for ref in refs:
        assert HASHED.search(ref), ref
        assert (storefront / ref.lstrip("/")).is_file(), ref
    assets = [p for p in (storefront / "assets").rglob("*") if p.is_file()]
    assert assets and all(HASHED.search(p.name) for p in assets)
