"""`python -m localcloud.emulator`: moto's own server, with the gaps in `ext` filled."""

from __future__ import annotations

import itertools
import os
import sys


def _endpoint(argv: list[str]) -> str:
    """Where moto's server listens, from its -H/--host and -p/--port (else its defaults)."""
    options = {"host": "127.0.0.1", "port": "5000"}
    names = {"-H": "host", "--host": "host", "-p": "port", "--port": "port"}
    for flag, value in itertools.pairwise(argv):
        if flag in names:
            options[names[flag]] = value
    host = "127.0.0.1" if options["host"] in {"0.0.0.0", ""} else options["host"]  # noqa: S104
    return f"http://{host}:{options['port']}"


def main(argv: list[str] | None = None) -> None:
    from localcloud.emulator import ext
    from localcloud.emulator.ext.awslambda import ENDPOINT_VARIABLE

    args = argv if argv is not None else sys.argv[1:]
    # Functions that Invoke runs reach this emulator back here.
    os.environ[ENDPOINT_VARIABLE] = _endpoint(args)
    ext.install()
    from moto.server import main as moto_main

    moto_main(args)


if __name__ == "__main__":
    main()
