"""`python -m localcloud.emulator`: moto's own server, with the gaps in `ext` filled."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from localcloud.emulator import ext

    ext.install()
    from moto.server import main as moto_main

    moto_main(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    main()
