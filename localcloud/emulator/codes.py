"""The confirmation codes the emulator's Cognito "mailed": lines of its log (ext.cognito)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from localcloud.config import Config

CODE_RE = re.compile(
    r"^cognito-idp: confirmation code for (?P<email>\S+) \(user pool (?P<pool>\S+)\): "
    r"(?P<code>\d{6})$",
    re.M,
)


def latest_code(log: Path, email: str) -> str | None:
    """The newest code sent to `email` (addresses compare case-insensitively, as Cognito's)."""
    codes = [
        m["code"]
        for m in CODE_RE.finditer(log.read_text(errors="replace") if log.is_file() else "")
        if m["email"].lower() == email.lower()
    ]
    return codes[-1] if codes else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--email", required=True, help="the address signed up with")
    args = parser.parse_args(argv)
    log = Config.from_environ().moto_dir / "moto.log"
    code = latest_code(log, args.email)
    if code is None:
        print(f"error: no confirmation code for {args.email} in {log}", file=sys.stderr)
        return 1
    print(code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
