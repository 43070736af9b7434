"""The AWS emulator's lifecycle: moto's server (with `ext`), shared by every environment."""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from localcloud import procs
from localcloud.config import Config


class EmulatorError(RuntimeError):
    """The emulator cannot be started or reached."""


class MotoServer:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.endpoint = config.moto_endpoint
        self.pid_file = config.moto_dir / "moto.pid"
        self.log_file = config.moto_dir / "moto.log"
        self.code_file = config.moto_dir / "moto_ext.sha256"

    def _get(
        self, path: str, *, service: str | None = None, timeout: float = 2.0
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(self.endpoint + path)  # noqa: S310 - loopback http URL
        if service:
            # moto picks the service from the credential scope of the signature.
            request.add_header(
                "Authorization",
                f"AWS4-HMAC-SHA256 Credential=testing/20200101/us-east-1/{service}/aws4_request, "
                "SignedHeaders=host, Signature=0",
            )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback emulator URL
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except (urllib.error.URLError, OSError):
            return 0, b""

    def healthy(self) -> bool:
        """A moto server with the localcloud extensions answers on the endpoint."""
        status, _ = self._get("/moto-api/")
        if status != 200:
            return False
        return self._extended()

    def _extended(self) -> bool:
        # Response headers policies exist only with emulator.ext; plain moto answers 404.
        status, body = self._get("/2020-05-31/response-headers-policy", service="cloudfront")
        return status == 200 and b"ResponseHeadersPolicyList" in body

    def _port_taken(self) -> bool:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            return sock.connect_ex(("127.0.0.1", self.config.moto_port)) == 0

    def instance_id(self) -> str | None:
        """Identifies this moto process (pid + start time): its state dies with it."""
        pid = procs.read_pid(self.pid_file)
        if pid is None:
            return None
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        start_ticks = stat.rsplit(")", 1)[1].split()[19]
        return f"{pid}-{start_ticks}"

    @staticmethod
    def code_digest() -> str:
        """The emulator's own code: a moto started from older extensions is restarted."""
        digest = hashlib.sha256()
        package = Path(__file__).resolve().parent
        # The Lambda runtime too: moto's Invoke runs functions in it (ext.awslambda); ext
        # evaluates policies with localcloud.iam and starts database servers with localcloud.rds.
        others = [package.parent / name for name in ("awslambda", "iam", "rds")]
        sources = [package / "__main__.py", *(package / "ext").glob("*.py")]
        sources += [path for directory in others for path in directory.glob("*.py")]
        for path in sorted(sources):
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def start(self, *, timeout: float = 60.0) -> bool:
        """Start moto unless a healthy one runs; True when this call started it."""
        ours = procs.read_pid(self.pid_file) is not None
        current = self.code_file.is_file() and self.code_file.read_text() == self.code_digest()
        if self.healthy() and (current or not ours):
            return False
        if not ours and self._port_taken():
            raise EmulatorError(
                f"port {self.config.moto_port} is taken by something that is not the local "
                "cloud's moto (plain moto lacks the CloudFront extensions); stop it or set "
                "MOTO_PORT to a free port"
            )
        procs.stop(self.pid_file)  # a stale or unhealthy one
        env = {
            **os.environ,
            # IAM managed policies (AWSLambdaVPCAccessExecutionRole, ...) exist on AWS.
            "MOTO_IAM_LOAD_MANAGED_POLICIES": "true",
            "PYTHONUNBUFFERED": "1",
        }
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.log_file.write_text("")
        procs.start(
            [sys.executable, "-m", "localcloud.emulator", "-H", "127.0.0.1",
             "-p", str(self.config.moto_port)],
            pid_file=self.pid_file,
            log_file=self.log_file,
            env=env,
            cwd=self.config.repo_root,
        )  # fmt: skip
        self.code_file.write_text(self.code_digest())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.healthy():
                return True
            if procs.read_pid(self.pid_file) is None:
                break
            time.sleep(0.2)
        procs.stop(self.pid_file)
        raise EmulatorError(
            f"moto did not come up on {self.endpoint}; its log ({self.log_file}):\n"
            + procs.tail(self.log_file)
        )

    def stop(self) -> bool:
        return procs.stop(self.pid_file)
