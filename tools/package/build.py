"""``make build``: dist/lambda.zip, dist/static/ and dist/storefront/ for one Lambda target."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tools.package import ZIP_NAME, bytecode, deps, lock, prune, sizes, zipper
from tools.package.sizes import MIB
from tools.package.target import Interpreter, Target, find_interpreter

TOOLS_DIR = Path(__file__).resolve().parent
INFO_NAME = "build-info.json"
MANIFEST_NAME = "staticfiles.json"
# Never part of the package, whatever the app directory holds.
_APP_SKIP_DIRS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "node_modules"}
_APP_SKIP_SUFFIXES = {".pyc", ".pyo", ".sqlite3", ".db", ".log"}
_CONTRIB_REF = re.compile(r"\bdjango\.contrib\.(\w+)")


class BuildError(RuntimeError):
    """The build cannot or must not produce a package; the message says why."""


@dataclass(frozen=True)
class Config:
    target: Target
    app_dir: Path
    lock_file: Path
    dev_lock_file: Path  # pins boto3 & co., used only to emulate the Lambda runtime
    out_dir: Path
    cache_dir: Path
    budget_mb: float = 15.0
    force: bool = False
    settings_module: str = "config.settings"
    zip_level: int = 9


@dataclass
class Result:
    info: dict
    out_dir: Path
    skipped: bool
    seconds: float
    pruned: prune.Report = field(default_factory=prune.Report)
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def zip_path(self) -> Path:
        return self.out_dir / self.info["zip"]


def app_files(app_dir: Path) -> list[Path]:
    """The app's own files, minus local junk; sorted, so hashing them is deterministic."""
    found = []
    for path in app_dir.rglob("*"):
        rel = path.relative_to(app_dir)
        if any(part in _APP_SKIP_DIRS or part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.suffix not in _APP_SKIP_SUFFIXES:
            found.append(path)
    return sorted(found)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fingerprint(
    config: Config, interpreter: Interpreter, requirements: list[lock.Requirement]
) -> str:
    """Everything the outputs depend on; equal fingerprints mean nothing to rebuild."""
    digest = hashlib.sha256()

    def add(label: str, value: str | bytes) -> None:
        data = value.encode() if isinstance(value, str) else value
        digest.update(f"{label}:{len(data)}:".encode() + data)

    add("target", f"{config.target.runtime}/{config.target.arch}")
    add("interpreter", f"{interpreter.full_version}/{interpreter.magic}")
    add("zip-level", str(config.zip_level))
    add("settings", config.settings_module)
    add("epoch", repr(zipper.entry_date_time()))
    for req in requirements:
        add("req", req.as_line())
    for path in sorted(TOOLS_DIR.glob("*.py")):
        add(f"tool/{path.name}", path.read_bytes())
    for path in app_files(config.app_dir):
        add(f"app/{path.relative_to(config.app_dir).as_posix()}", path.read_bytes())
    return digest.hexdigest()


def _up_to_date(config: Config, fingerprint: str) -> dict | None:
    info_path = config.out_dir / INFO_NAME
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    zip_path = config.out_dir / ZIP_NAME
    if info.get("fingerprint") != fingerprint or not zip_path.is_file():
        return None
    if _sha256(zip_path) != info.get("sha256"):
        return None  # someone touched the output
    return info


def _run_probe(config: Config, interpreter: Interpreter, paths: list[Path], work: Path) -> dict:
    """Facts from Django's settings, plus the collected static bundle."""
    command = [
        str(interpreter.path), "-I", "-B",  # -B: leave the app and the deps cache pristine
        str(TOOLS_DIR / "django_probe.py"),
        *(arg for p in paths for arg in ("--path", str(p))),
        "--static-root", str(work / "static"),
        "--manifest-dir", str(work / "manifest"),
        "--storefront-out", str(work / "storefront"),
        "--settings", config.settings_module,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildError(
            "collecting static files / reading settings with the target interpreter failed:\n"
            + (done.stderr or done.stdout).strip()
        )
    return json.loads(done.stdout)


def _deps_layer(
    config: Config,
    interpreter: Interpreter,
    raw: Path,
    policy: prune.Policy,
) -> tuple[dict[str, zipper.Member], prune.Report]:
    """Pruned, compiled and deflated dependencies, cached as a zip.

    An app-only change then never recompiles or recompresses Django.
    """
    digest = hashlib.sha256()
    for part in (raw.name, interpreter.full_version, interpreter.magic, policy.fingerprint()):
        digest.update(part.encode() + b"\0")
    digest.update(str(config.zip_level).encode())
    for path in sorted(TOOLS_DIR.glob("*.py")):
        digest.update(path.read_bytes())
    layer = config.cache_dir / "layers" / f"{raw.name}-{digest.hexdigest()[:16]}.zip"
    report_file = layer.with_suffix(".report.json")
    report = prune.Report()
    if layer.is_file() and report_file.is_file():
        saved = json.loads(report_file.read_text(encoding="utf-8"))
        report.files.update(saved["files"])
        report.size.update(saved["size"])
        return zipper.read_members(layer), report
    layer.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=layer.parent, prefix=".tmp-") as tmp:
        staged = Path(tmp) / "layer"
        shutil.copytree(raw, staged, ignore=shutil.ignore_patterns(".complete", "__pycache__"))
        prune.prune_deps(staged, policy, report)
        bytecode.compile_tree(interpreter, staged)
        members = zipper.members_from_tree(staged, config.zip_level)
        zipper.write(Path(tmp) / "layer.zip", members)
        report_file.write_text(
            json.dumps({"files": report.files, "size": report.size}, sort_keys=True),
            encoding="utf-8",
        )
        (Path(tmp) / "layer.zip").replace(layer)
    return members, report


def _stage_app(
    config: Config,
    interpreter: Interpreter,
    facts: dict,
    work: Path,
    report: prune.Report,
) -> Path:
    staged = work / "app"
    storefront = Path(facts["storefront_dir"]) if facts.get("storefront_dir") else None
    for path in app_files(config.app_dir):
        if storefront and path.resolve().is_relative_to(storefront):
            continue  # served from its own S3 origin; its bundle is dist/storefront/
        target = staged / path.relative_to(config.app_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    locales = frozenset(facts["locales"]) if facts["locales"] is not None else None
    prune.prune_common(staged, report, locales)
    manifest = work / "manifest" / MANIFEST_NAME
    if manifest.is_file():  # absent when the app has no django.contrib.staticfiles
        shutil.copyfile(manifest, staged / MANIFEST_NAME)
    bytecode.compile_tree(interpreter, staged)
    return staged


def _top_level(names: Iterable[str]) -> set[str]:
    # Packages and top-level modules; the shared __pycache__/ only clashes file by file.
    return {n if n.startswith("__pycache__/") else n.split("/", 1)[0] for n in names}


def _merge(layer: dict[str, zipper.Member], app: dict[str, zipper.Member]) -> dict:
    clashes = sorted(_top_level(layer) & _top_level(app))
    if clashes:
        raise BuildError(
            f"{clashes} exist both in the app and in the dependencies; rename them in the app"
        )
    return {**layer, **app}


def _check_limits(info: dict) -> None:
    problems = sizes.limit_problems(info)
    if problems:
        raise BuildError("; ".join(problems))


def _publish(work: Path, out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        src, dest = work / name, out / name
        if dest.is_dir():
            shutil.rmtree(dest)
        elif dest.exists():
            dest.unlink()
        if src.exists():
            src.rename(dest)


@contextmanager
def _phase(phases: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.perf_counter() - started


def build(config: Config, log=print) -> Result:
    started = time.perf_counter()
    phases: dict[str, float] = {}
    interpreter = find_interpreter(config.target)
    environment = config.target.marker_environment(interpreter.full_version)
    requirements = lock.select(lock.parse_lock(config.lock_file), environment)
    budget_bytes = int(config.budget_mb * MIB)
    fingerprint = _fingerprint(config, interpreter, requirements)

    info = None if config.force else _up_to_date(config, fingerprint)
    if info is not None:
        info["budget_bytes"] = budget_bytes
        log(f"{config.out_dir / ZIP_NAME} is up to date (inputs unchanged)")
        for line in sizes.size_lines(info, zip_name=ZIP_NAME):
            log(line)
        _check_limits(info)
        seconds = time.perf_counter() - started
        return Result(info=info, out_dir=config.out_dir, skipped=True, seconds=seconds)

    with _phase(phases, "dependencies"):
        raw = deps.install(requirements, config.target, interpreter, config.cache_dir)
        runtime_reqs = deps.runtime_requirements(
            lock.select(lock.parse_lock(config.dev_lock_file), environment)
        )
        runtime = deps.install(runtime_reqs, config.target, interpreter, config.cache_dir)
    config.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=config.cache_dir, prefix=".work-") as tmp:
        work = Path(tmp)
        with _phase(phases, "static"):
            paths = [config.app_dir.resolve(), raw, runtime]
            facts = _run_probe(config, interpreter, paths, work)
        app_text = "\n".join(
            p.read_text(encoding="utf-8", errors="replace")
            for p in app_files(config.app_dir)
            if p.suffix == ".py"
        )
        policy = prune.Policy(
            locales=frozenset(facts["locales"]) if facts["locales"] is not None else None,
            installed_apps=frozenset(facts["installed_apps"]),
            referenced=frozenset(f"django.contrib.{m}" for m in _CONTRIB_REF.findall(app_text)),
        )
        with _phase(phases, "dependency layer"):
            layer, report = _deps_layer(config, interpreter, raw, policy)
        with _phase(phases, "app"):
            staged_app = _stage_app(config, interpreter, facts, work, report)
        with _phase(phases, "zip"):
            app_members = zipper.members_from_tree(staged_app, config.zip_level)
            zip_path = work / ZIP_NAME
            stats = zipper.write(zip_path, _merge(layer, app_members))
        digest = _sha256(zip_path)
        info = {
            "fingerprint": fingerprint,
            "zip": ZIP_NAME,  # relative: dist/ is sealed and moved as a whole by CI
            "runtime": config.target.runtime,
            "arch": config.target.arch,
            "interpreter_version": interpreter.full_version,
            "cache_tag": config.target.cache_tag,
            "sha256": digest,
            # What Terraform's filebase64sha256() / source_code_hash compare against.
            "base64sha256": base64.b64encode(bytes.fromhex(digest)).decode(),
            "files": stats.files,
            "zipped_bytes": stats.zipped_bytes,
            "unzipped_bytes": stats.unzipped_bytes,
            "budget_bytes": budget_bytes,
            "static_files": facts["static_files"],
            "storefront_files": facts.get("storefront_files", 0),
            "locales": facts["locales"],
            "locales_source": facts["locales_source"],
        }
        for line in sizes.size_lines(info, zip_name=ZIP_NAME):
            log(line)
        log("  left out:")
        for line in report.lines():
            log(line)
        try:
            _check_limits(info)
        except BuildError:
            _publish(work, config.out_dir, [])
            for stale in (ZIP_NAME, INFO_NAME):
                (config.out_dir / stale).unlink(missing_ok=True)
            rejected = config.out_dir / "lambda.over-budget.zip"
            config.out_dir.mkdir(parents=True, exist_ok=True)
            zip_path.rename(rejected)
            log(f"  the rejected package is kept at {rejected} for inspection")
            raise
        (config.out_dir / "lambda.over-budget.zip").unlink(missing_ok=True)
        # The zip goes last, build-info.json after it: a crash in between leaves no
        # build-info.json matching a stale zip, so the next build starts over.
        (config.out_dir / INFO_NAME).unlink(missing_ok=True)
        _publish(work, config.out_dir, ["static", "storefront", ZIP_NAME])
        (config.out_dir / INFO_NAME).write_text(
            json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    seconds = time.perf_counter() - started
    log("  time: " + ", ".join(f"{name} {sec:.1f} s" for name, sec in phases.items()))
    return Result(
        info=info,
        out_dir=config.out_dir,
        skipped=False,
        seconds=seconds,
        pruned=report,
        phases=phases,
    )
