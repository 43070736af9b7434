"""Cold start and warm cost of the Lambda package, measured the way Lambda runs it.

Cold: process start -> first 200 from /api/products through `handler`, in the local cloud's
Lambda runtime (localcloud.awslambda, as the edge runs it): the package unpacked and run by the
target interpreter (-I -B: nothing compiled at start-up is kept, as on Lambda's read-only code
directory), boto3 & co. on sys.path after the code as in the Lambda runtime.
Compared in one run, interleaved, median over --runs each:
  (a) the built zip;
  (b) the same zip with its bytecode stripped;
  (c) a hello-world Django + apig-wsgi handler built by the same tool (bench/coldstart_hello);
  (d) the built zip as deployed: PostgreSQL (a throwaway local cluster; psycopg is imported and
      a connection opened) and media on S3 (DJANGO_MEDIA_BUCKET set: boto3 is imported to build
      image URLs). Falls back to SQLite, and says so, when no PostgreSQL binaries are installed.
  (e) optional, --extra-env NAME=VALUE: (a) with a settings switch under evaluation.
Warm: per-request cost of `handler` against a direct WSGI call of the same view, interleaved.

Usage: .venv/bin/python bench/coldstart.py [--runs 15] [--json out.json]  (make bench-coldstart)
(a) and (b) use a throwaway SQLite file with the demo catalogue; (c) has no database.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from localcloud.awslambda.function import lambda_environment  # noqa: E402
from localcloud.awslambda.runtime import (  # noqa: E402
    Runtime,
    code_sha256,
    prepare_runtime,
    unpack_code,
)
from tools.package import ZIP_NAME, smoke  # noqa: E402
from tools.package.build import Config, build  # noqa: E402
from tools.package.target import Interpreter, Target, find_interpreter  # noqa: E402

HELLO_APP = ROOT / "bench" / "coldstart_hello"
WARM_SCRIPT = ROOT / "bench" / "coldstart_warm.py"
EVENT = smoke.http_event("/api/products", query="page=1&page_size=20")
HOST_ARCH = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}


@dataclass
class Variant:
    key: str
    label: str
    task_root: Path
    config: dict
    zip_bytes: int
    totals: list[float] = field(default_factory=list)
    inits: list[float] = field(default_factory=list)
    firsts: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)


def _median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def _quantile_ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _unpack(zip_path: Path, root: Path) -> Path:
    return unpack_code(zip_path, code_sha256(zip_path), root)


def cold_once(variant: Variant, runtime: Runtime, log: Path) -> tuple[float, dict]:
    """One cold start: a new execution environment, the event, the clock stops at its result."""
    pool = smoke.start(variant.config, variant.task_root, runtime, log_file=log)
    try:
        started = time.perf_counter()
        result = pool.invoke(EVENT)
        elapsed = time.perf_counter() - started
    finally:
        pool.close()
    if not result.ok or result.payload["statusCode"] != 200:
        raise SystemExit(f"{variant.label}: {result.error or result.payload}\n(log: {log})")
    return elapsed, {
        "init_seconds": result.init_ms / 1000,
        "seconds": result.duration_ms / 1000,
        "cpu_seconds": result.cpu_ms / 1000,
    }


def warm(interpreter: Interpreter, variant: Variant, runtime: Runtime, requests: int) -> dict:
    env = lambda_environment(variant.config, region=smoke.REGION, code_dir=variant.task_root)
    done = subprocess.run(
        [str(interpreter.path), "-I", "-B", str(WARM_SCRIPT), str(variant.task_root),
         str(runtime.layers[0]), str(requests)],
        input=json.dumps(EVENT),
        capture_output=True,
        text=True,
        env=env,
        cwd=variant.task_root,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"warm benchmark failed:\n{done.stderr}")
    return json.loads(done.stdout)


def import_profile(variant: Variant, runtime: Runtime, log: Path, top: int) -> str:
    """-X importtime of one cold start: the modules whose import costs the most, inclusive."""
    log.write_text("")
    pool = smoke.start(
        variant.config, variant.task_root, runtime, log_file=log, python_options=("-Ximporttime",)
    )
    try:
        smoke.invoke_all(pool, [EVENT])
    finally:
        pool.close()
    rows = []
    for line in log.read_text().splitlines():
        # "import time:  self [us] | cumulative | imported package", the header excepted
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(cumulative), int(own), name.strip()))
    rows.sort(reverse=True)
    return "\n".join(
        f"  {cum / 1000:8.1f} ms {own / 1000:7.1f} ms  {name}" for cum, own, name in rows[:top]
    )


def _load_demo(task_root: Path, runtime: Runtime, config: dict, log: Path) -> None:
    pool = smoke.start(config, task_root, runtime, log_file=log)
    try:
        events = [{"manage": ["migrate", "--noinput"]}, {"manage": ["load_demo"]}]
        for result in smoke.invoke_all(pool, events):
            if result["exit_status"] != 0:
                raise SystemExit(f"preparing the database failed: {result['output']}")
    finally:
        pool.close()


def _postgres(stack: ExitStack) -> str | None:
    """URL of a throwaway PostgreSQL database, or None when the server binaries are missing."""
    from tools.pgcluster import PostgresUnavailable, start_cluster

    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        print(f"note: {exc}; (d) runs on SQLite instead", file=sys.stderr)
        return None
    stack.callback(cluster.stop)
    return cluster.url("postgres")


def prepare(args: argparse.Namespace, target: Target, work: Path, stack: ExitStack):
    runtime = prepare_runtime(target.runtime, target.arch, cache_dir=args.cache_dir)
    log = work / "function.log"
    shop = _unpack(args.zip, work / "code")
    stripped = work / "shop-no-bytecode"
    shutil.copytree(shop, stripped, ignore=shutil.ignore_patterns("__pycache__"))
    hello_build = build(
        Config(
            target=target,
            app_dir=HELLO_APP,
            lock_file=ROOT / "requirements" / "app.txt",
            dev_lock_file=ROOT / "requirements" / "dev.txt",
            out_dir=args.cache_dir / "bench-hello",
            cache_dir=args.cache_dir,
            budget_mb=50,
            settings_module="hello.settings",
        ),
        log=lambda _line: None,
    )
    hello = _unpack(hello_build.zip_path, work / "code")

    database_url = f"sqlite:///{work / 'shop.sqlite3'}"
    config = smoke.function_configuration(target, database_url)
    _load_demo(shop, runtime, config, log)
    postgres_url = None if args.no_postgres else _postgres(stack)
    if postgres_url:  # demo images go to local files here; only their URLs are needed
        _load_demo(shop, runtime, smoke.function_configuration(target, postgres_url), log)
    deployed = smoke.function_configuration(
        target, postgres_url or database_url, DJANGO_MEDIA_BUCKET="bench-media"
    )
    zip_bytes = args.zip.stat().st_size
    stripped_zip = work / "no-bytecode.zip"
    shutil.make_archive(str(stripped_zip.with_suffix("")), "zip", stripped)
    hello_bytes = hello_build.zip_path.stat().st_size
    database = "PostgreSQL" if postgres_url else "SQLite"
    variants = [
        Variant("a", "(a) lambda.zip", shop, config, zip_bytes),
        Variant(
            "b", "(b) same zip, bytecode stripped", stripped, config, stripped_zip.stat().st_size
        ),
        Variant("c", "(c) hello-world Django + apig-wsgi", hello, config, hello_bytes),
        Variant("d", f"(d) as deployed: {database}, media on S3", shop, deployed, zip_bytes),
    ]
    if args.extra_env:  # e.g. a settings switch under evaluation, on (a)'s database
        extra = dict(item.split("=", 1) for item in args.extra_env)
        label = "(e) lambda.zip, " + " ".join(args.extra_env)
        variants.append(
            Variant("e", label, shop, smoke.function_configuration(target, database_url, **extra),
                    zip_bytes)
        )  # fmt: skip
    return runtime, variants, log


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runtime", default="python3.13")
    parser.add_argument("--arch", default="x86_64")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="make build's output")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".local" / "build-cache")
    parser.add_argument("--runs", type=int, default=15, help="cold starts per variant (>= 10)")
    parser.add_argument("--warm-requests", type=int, default=500)
    parser.add_argument("--importtime", type=int, default=0, help="show the N costliest imports")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-postgres", action="store_true", help="run (d) on SQLite")
    parser.add_argument(
        "--extra-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="add variant (e): (a) with these environment variables (repeatable)",
    )
    args = parser.parse_args()
    args.cache_dir = args.cache_dir.resolve()
    if any("=" not in item for item in args.extra_env):
        parser.error("--extra-env takes NAME=VALUE")
    if args.runs < 10:
        parser.error("--runs must be at least 10 (the figures are medians)")
    args.zip = args.dist / ZIP_NAME
    if not args.zip.is_file():
        parser.error(f"{args.zip} does not exist; run `make build` first")
    target = Target.parse(args.runtime, args.arch)
    if HOST_ARCH.get(platform.machine()) != target.arch:
        parser.error(f"this host runs {platform.machine()}; it cannot run a {target.arch} package")
    interpreter = find_interpreter(target)

    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="coldstart-"))
        runtime, variants, log = prepare(args, target, Path(tmp), stack)
        for variant in variants:  # untimed: page cache and interpreter files warm for everyone
            cold_once(variant, runtime, log)
        for _ in range(args.runs):
            for variant in variants:
                elapsed, result = cold_once(variant, runtime, log)
                variant.totals.append(elapsed)
                variant.inits.append(result["init_seconds"])
                variant.firsts.append(result["seconds"])
                variant.cpus.append(result["cpu_seconds"])
        timings = warm(interpreter, variants[0], runtime, args.warm_requests)
        profile = (
            import_profile(variants[0], runtime, Path(tmp) / "importtime.log", args.importtime)
            if args.importtime
            else ""
        )

    hello, hello_cpu = _median_ms(variants[2].totals), _median_ms(variants[2].cpus)
    print(
        f"Cold start, process start -> first 200 from /api/products "
        f"({target.runtime} {interpreter.full_version}, {target.arch}, "
        f"{args.runs} runs each, interleaved; ms)"
    )
    header = ["median", "min", "p90", "init", "1st req", "CPU", "zip MiB", "vs (c)", "CPU vs (c)"]
    print(f"{'variant':<44}" + "".join(f"{h:>9}" for h in header[:-1]) + f"{header[-1]:>11}")
    rows = []
    for v in variants:
        median, cpu = _median_ms(v.totals), _median_ms(v.cpus)
        rows.append(
            {
                "variant": v.label,
                "median_ms": round(median, 1),
                "min_ms": round(min(v.totals) * 1000, 1),
                "p90_ms": round(_quantile_ms(v.totals, 0.9), 1),
                "init_ms": round(_median_ms(v.inits), 1),
                "first_request_ms": round(_median_ms(v.firsts), 1),
                "cpu_ms": round(cpu, 1),
                "zip_mib": round(v.zip_bytes / 2**20, 2),
                "vs_hello": round(median / hello, 2),
                "cpu_vs_hello": round(cpu / hello_cpu, 2),
            }
        )
        r = rows[-1]
        cells = [r[k] for k in ("median_ms", "min_ms", "p90_ms", "init_ms", "first_request_ms")]
        print(
            f"{v.label:<44}"
            + "".join(f"{c:>9.0f}" for c in [*cells, r["cpu_ms"]])
            + f"{r['zip_mib']:>9.2f}{r['vs_hello']:>8.2f}x{r['cpu_vs_hello']:>10.2f}x"
        )
    handler, wsgi = timings["handler"], timings["wsgi"]
    warm_rows = {
        name: {
            "median_us": round(statistics.median(values) * 1e6, 1),
            "p95_us": round(_quantile_ms(values, 0.95) * 1000, 1),
        }
        for name, values in (("handler", handler), ("wsgi", wsgi))
    }
    overhead = warm_rows["handler"]["median_us"] - warm_rows["wsgi"]["median_us"]
    print(f"\nWarm, per request ({args.warm_requests} interleaved requests on /api/products)")
    print(f"{'path':<44}{'median':>12}{'p95':>12}")
    for name, label in (
        ("handler", "lambda_handler.handler (apig-wsgi)"),
        ("wsgi", "direct WSGI call"),
    ):
        w = warm_rows[name]
        print(f"{label:<44}{w['median_us']:>10.0f}us{w['p95_us']:>10.0f}us")  # fmt: skip
    print(f"{'apig-wsgi event translation':<44}{overhead:>10.0f}us")
    if profile:
        print(f"\nCostliest imports of one cold start of (a), cumulative / self:\n{profile}")
    if args.json:
        args.json.write_text(
            json.dumps({"cold": rows, "warm": warm_rows, "runs": args.runs}, indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
