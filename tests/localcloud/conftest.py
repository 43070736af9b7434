import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fake_code(tmp_path: Path) -> Path:
    """A code directory holding the fake handler, like an unpacked package."""
    code = tmp_path / "code"
    code.mkdir()
    shutil.copy(FIXTURES / "fake_handler.py", code / "fake_handler.py")
    return code


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory):
    """moto with the local cloud's extensions, as `make up` runs it, on a free port."""
    port = free_port()
    state = tmp_path_factory.mktemp("moto")
    log = state / "moto.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "localcloud.emulator", "-H", "127.0.0.1", "-p", str(port)],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={
                "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
                "PATH": "/usr/bin:/bin",
                # Where Invoke unpacks code and keeps function logs (ext.awslambda).
                "LOCAL_STATE_DIR": str(state),
            },
        )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(endpoint + "/moto-api/", timeout=1):  # noqa: S310
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"moto did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)
    yield endpoint
    # As localcloud.procs.stop does: one that has not exited 10 s after SIGTERM gets SIGKILL.
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
