"""Compile bytecode with the target interpreter, in the form Lambda can use as-is.

The code directory on Lambda is read-only, so a module without a usable .pyc is compiled on
every cold start and the result is thrown away. Timestamp-based .pyc files would also be
unusable in practice: a zip stores a 2-second-resolution mtime that rarely matches the one
recorded in the .pyc, and they make the build depend on the clock. "unchecked-hash" .pyc files
are trusted without a stat or a hash of the source, and are byte-for-byte reproducible.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tools.package.target import Interpreter

# Where Lambda unpacks the zip: recorded in code objects, so tracebacks are meaningful even
# where the source path cannot be fixed up, and the .pyc bytes do not depend on the build dir.
TASK_ROOT = "/var/task"
PYC_FLAGS_UNCHECKED_HASH = 0b01


def compile_tree(interpreter: Interpreter, root: Path) -> None:
    command = [
        str(interpreter.path), "-I", "-m", "compileall",
        "-q",
        "-j", "0",
        "--invalidation-mode", "unchecked-hash",
        "-s", str(root),
        "-p", TASK_ROOT,
        str(root),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(
            f"compileall with {interpreter.path} failed:\n{(done.stdout + done.stderr).strip()}"
        )
