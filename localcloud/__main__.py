"""python -m localcloud {up,down,edge,status,manage,moto-start,moto-stop} [--env NAME]."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from typing import Any

from localcloud.config import Config, ConfigError


def _edge(config: Config) -> int:
    from localcloud.cloudfront.server import make_server
    from localcloud.environment.deployment import clients, load_edge
    from localcloud.environment.triggers import start_triggers
    from localcloud.environment.up import read_deployment

    deployment = read_deployment(config)
    workers = int(os.environ.get("EDGE_WORKERS", "2"))
    edge = load_edge(
        endpoint=config.moto_endpoint,
        region=deployment["region"],
        distribution_id=deployment["distribution_id"],
        zip_path=config.lambda_zip,
        code_root=config.state_dir / "code",
        workers=workers,
    )
    # SQS pollers and schedules: the rest of what invokes the functions on AWS.
    triggers = start_triggers(
        clients(config.moto_endpoint, deployment["region"]),
        edge=edge,
        endpoint=config.moto_endpoint,
        region=deployment["region"],
        zip_path=config.lambda_zip,
        code_root=config.state_dir / "code",
        workers=workers,
    )
    server = make_server(edge, "127.0.0.1", config.edge_port)

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    ready = config.env_dir / "edge.ready"
    ready.write_text(json.dumps({"pid": os.getpid(), "url": config.edge_url}) + "\n")
    logging.getLogger("localcloud").info(
        "serving distribution %s on %s", deployment["distribution_id"], config.edge_url
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        ready.unlink(missing_ok=True)
        server.server_close()
        triggers.stop()
        for api in edge.apis.values():
            for pool in api.pools():
                pool.close()
    return 0


def _status(config: Config) -> int:
    from localcloud import procs
    from localcloud.emulator.server import MotoServer

    moto = MotoServer(config)
    print(f"moto:  {'up' if moto.healthy() else 'down'} ({config.moto_endpoint})")
    edge_pid = procs.read_pid(config.edge_pid_file)
    print(f"edge:  {'up' if edge_pid else 'down'} ({config.edge_url}) env {config.env}")
    return 0


def _manage(config: Config, argv: list[str]) -> int:
    from localcloud.environment.manage import function_pool, manage
    from localcloud.environment.up import read_deployment

    pool = function_pool(config, read_deployment(config))
    try:
        print(manage(pool, argv), end="")
    finally:
        pool.close()
    return 0


def parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """The options before `--`; what follows it is the manage command, options and all.

    argparse's REMAINDER would swallow `--env NAME` given after the command word, and a
    Django option such as `--reset-stock` must never be read as one of ours.
    """
    if "--" in argv:
        cut = argv.index("--")
        options = parser.parse_intermixed_args(argv[:cut])
        options.args = [*options.args, *argv[cut + 1 :]]
        return options
    return parser.parse_intermixed_args(argv)


def cli() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m localcloud", description=__doc__)
    parser.add_argument(
        "command", choices=["up", "down", "edge", "status", "manage", "moto-start", "moto-stop"]
    )
    parser.add_argument("--env", help="environment name (default: LOCAL_ENV or 'local')")
    parser.add_argument("args", nargs="*", help="manage: the command and options, after --")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = cli()
    options = parse(parser, sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("botocore").setLevel(logging.WARNING)
    # It logs a failed command's whole stderr; the error message already carries its end.
    logging.getLogger("python_terraform").setLevel(logging.CRITICAL)

    from localcloud.awslambda.runtime import RuntimeSetupError
    from localcloud.emulator.server import EmulatorError, MotoServer
    from localcloud.environment.deployment import CodeNotDeployed, DeploymentError
    from localcloud.environment.down import down
    from localcloud.environment.errors import UpError
    from localcloud.environment.terraform import TerraformError
    from localcloud.environment.up import up
    from localcloud.rds.standin import StandInError
    from tools.pgcluster import PostgresUnavailable

    try:
        config = Config.from_environ(env=options.env)
        if options.command == "up":
            up(config)
        elif options.command == "down":
            down(config)
        elif options.command == "edge":
            return _edge(config)
        elif options.command == "status":
            return _status(config)
        elif options.command == "manage":
            args = options.args
            if not args:
                parser.error("manage needs a command, e.g. manage -- showmigrations")
            return _manage(config, args)
        elif options.command == "moto-start":
            MotoServer(config).start()
            print(config.moto_endpoint)
        elif options.command == "moto-stop":
            MotoServer(config).stop()
            (config.moto_dir / "started-by").unlink(missing_ok=True)
    except (
        ConfigError,
        UpError,
        EmulatorError,
        TerraformError,
        CodeNotDeployed,
        DeploymentError,
        RuntimeSetupError,
        StandInError,
        PostgresUnavailable,
    ) as exc:
        print(f"localcloud: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
