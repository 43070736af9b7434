"""CLI: ``python -m tools.package --runtime python3.13 --arch x86_64`` (``make build``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.package.build import BuildError, Config, build
from tools.package.lock import LockError
from tools.package.target import Target, TargetError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools.package", description=__doc__)
    parser.add_argument("--runtime", default="python3.13", help="Lambda runtime (python3.12+)")
    parser.add_argument("--arch", default="x86_64", help="x86_64 or arm64")
    parser.add_argument("--app-dir", type=Path, default=Path("app"), help="becomes the zip root")
    parser.add_argument("--lock", type=Path, default=Path("requirements/app.txt"))
    parser.add_argument("--dev-lock", type=Path, default=Path("requirements/dev.txt"))
    parser.add_argument("--out", type=Path, default=Path("dist"))
    parser.add_argument("--cache-dir", type=Path, default=Path(".local/build-cache"))
    parser.add_argument("--budget-mb", type=float, default=15.0, help="zipped size budget (MiB)")
    parser.add_argument("--force", action="store_true", help="rebuild even if inputs are unchanged")
    parser.add_argument("--settings-module", default="config.settings", help="read at build time")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = Config(
            target=Target.parse(args.runtime, args.arch),
            app_dir=args.app_dir,
            lock_file=args.lock,
            dev_lock_file=args.dev_lock,
            out_dir=args.out,
            cache_dir=args.cache_dir,
            budget_mb=args.budget_mb,
            force=args.force,
            settings_module=args.settings_module,
        )
        for path in (config.app_dir, config.lock_file, config.dev_lock_file):
            if not path.exists():
                raise BuildError(f"{path} does not exist (run from the repository root)")
        result = build(config)
    except (BuildError, LockError, TargetError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    if not result.skipped:
        print(f"built {result.zip_path} in {result.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
