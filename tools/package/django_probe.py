"""Run by the TARGET interpreter during the build: read settings, collect static files.

Standalone on purpose (no imports from tools.package): it runs under python3.12/3.13 with only the
app, the locked dependencies and the emulated Lambda runtime libraries on sys.path.
Prints one JSON object on stdout.
"""

import argparse
import json
import os
import re
import shutil
import sys
from pathlib import Path

_HTML_REF = re.compile(r"""(?P<attr>\b(?:src|href)=)(?P<q>["'])(?P<url>[^"'#?]+)(?P=q)""")
_JS_REF = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)(?P<q>["'])(?P<url>\.{1,2}/[^"']+)(?P=q)""")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", action="append", default=[], help="prepended to sys.path")
    parser.add_argument("--static-root", type=Path, required=True)
    parser.add_argument("--manifest-dir", type=Path, required=True)
    parser.add_argument("--storefront-out", type=Path, required=True)
    parser.add_argument("--settings", default="config.settings")
    args = parser.parse_args()
    sys.path[:0] = args.path

    # A development-mode settings load needs no secrets; the manifest storage is forced on.
    os.environ.update(
        DJANGO_SETTINGS_MODULE=args.settings,
        DJANGO_ENV="development",
        DJANGO_DEBUG="false",
        DJANGO_STATIC_STORAGE="manifest",
        DJANGO_STATIC_ROOT=str(args.static_root),
        DJANGO_STATIC_MANIFEST_DIR=str(args.manifest_dir),
        DATABASE_URL="sqlite://:memory:",
    )
    os.environ.pop("DJANGO_MEDIA_BUCKET", None)
    import django

    django.setup()
    from django.conf import settings

    uses_static = "django.contrib.staticfiles" in settings.INSTALLED_APPS
    facts = {
        "installed_apps": list(settings.INSTALLED_APPS),
        **_locales(settings),
        "static_files": _collect_static(args.static_root) if uses_static else 0,
    }
    storefront = getattr(settings, "SHOP_STOREFRONT_DIR", None)
    if storefront and Path(storefront).is_dir():
        facts["storefront_dir"] = str(Path(storefront).resolve())
        facts["storefront_files"] = _hash_storefront(Path(storefront), args.storefront_out)
    json.dump(facts, sys.stdout)


def _locales(settings) -> dict:
    """Locale directories to keep, from SHOP_LOCALES, else LANGUAGES when the project sets it."""
    from django.utils.translation import to_locale

    if hasattr(settings, "SHOP_LOCALES"):
        codes, source = list(settings.SHOP_LOCALES), "SHOP_LOCALES"
    elif settings.is_overridden("LANGUAGES"):
        codes, source = [code for code, _ in settings.LANGUAGES], "LANGUAGES"
    elif "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE:
        codes, source = [], "LANGUAGE_CODE (no LocaleMiddleware)"
    else:
        return {"locales": None, "locales_source": "all (LANGUAGES not set)"}
    codes.append(settings.LANGUAGE_CODE)
    # Django looks up "pt_BR" and then "pt", so keep both forms of each code.
    names = {form for code in codes for form in (to_locale(code), to_locale(code.split("-")[0]))}
    return {"locales": sorted(names), "locales_source": source}


def _collect_static(static_root: Path) -> int:
    """collectstatic with the project's manifest storage; keep only the hashed copies.

    Nothing resolves an unhashed name once the manifest exists, so every file left under
    static/ can be served with an immutable cache header.
    """
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    manifest, _manifest_hash = staticfiles_storage.load_manifest()
    if not manifest:
        raise SystemExit(
            "collectstatic wrote no manifest: is STORAGES['staticfiles'] manifest-based?"
        )
    _keep_only(static_root, set(manifest.values()))
    return len(manifest)


def _keep_only(root: Path, keep: set[str]) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _hash_storefront(source: Path, out: Path) -> int:
    """Give the storefront's assets content-hashed names; its HTML pages keep theirs.

    Django's manifest storage rewrites CSS url()s and JS module imports; the HTML pages are
    rewritten here. Pages are served with a short cache, everything else is immutable.
    """
    from django.conf import settings
    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
    from django.core.files.storage import FileSystemStorage

    class StorefrontStorage(ManifestStaticFilesStorage):
        support_js_module_import_aggregation = True

    if out.exists():
        shutil.rmtree(out)
    # The pages use absolute /assets/... URLs; the storage resolves those against STATIC_URL.
    settings.STATIC_URL = "/"
    manifest_dir = out.parent / (out.name + ".manifest")
    storage = StorefrontStorage(
        location=str(out), base_url="/", manifest_storage=FileSystemStorage(str(manifest_dir))
    )
    source_storage = FileSystemStorage(location=str(source))
    assets = sorted(
        p.relative_to(source).as_posix()
        for p in source.rglob("*")
        if p.is_file() and p.suffix != ".html" and not p.name.startswith(".")
    )
    for name in assets:
        with source_storage.open(name) as handle:
            storage.save(name, handle)
    for name, _hashed, processed in storage.post_process(
        {name: (source_storage, name) for name in assets}
    ):
        if isinstance(processed, Exception):
            raise SystemExit(f"storefront asset {name}: {processed}")
    hashed = storage.hashed_files
    _keep_only(out, set(hashed.values()))
    shutil.rmtree(manifest_dir)
    for page in sorted(source.rglob("*.html")):
        rel = page.relative_to(source)
        html = page.read_text(encoding="utf-8")
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_rewrite_html(html, rel, hashed), encoding="utf-8")
    _check_references(out)
    return sum(1 for p in out.rglob("*") if p.is_file())


def _rewrite_html(html: str, page: Path, hashed: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        url = match["url"]
        if "://" in url or url.startswith(("//", "data:", "mailto:")):
            return match[0]
        name = url.lstrip("/") if url.startswith("/") else (page.parent / url).as_posix()
        name = os.path.normpath(name)
        if name not in hashed:
            return match[0]  # a link to a page or a route, not an asset
        new = (
            "/" + hashed[name]
            if url.startswith("/")
            else os.path.relpath(hashed[name], page.parent.as_posix() or ".")
        )
        return f"{match['attr']}{match['q']}{new}{match['q']}"

    return _HTML_REF.sub(replace, html)


def _check_references(out: Path) -> None:
    """Every asset a page or module refers to must exist under its hashed name."""
    missing: list[str] = []
    for path in sorted(out.rglob("*")):
        if path.suffix == ".html":
            refs = [m["url"] for m in _HTML_REF.finditer(path.read_text(encoding="utf-8"))]
            refs = [r for r in refs if r.startswith("/assets/") or r.startswith("assets/")]
        elif path.suffix in {".js", ".mjs"}:
            refs = [m["url"] for m in _JS_REF.finditer(path.read_text(encoding="utf-8"))]
        else:
            continue
        for ref in refs:
            resolved = out / ref.lstrip("/") if ref.startswith("/") else path.parent / ref
            if not resolved.resolve().is_file():
                missing.append(f"{path.relative_to(out)} -> {ref}")
    if missing:
        raise SystemExit("storefront references missing assets: " + "; ".join(missing))


if __name__ == "__main__":
    main()
