"""Where the local cloud keeps its state, and the knobs a user can turn (from the environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tools import envname
from tools.package import ZIP_NAME

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGION = "us-east-1"
# moto accepts any credentials; these only keep SDKs from looking for real ones.
DUMMY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


def state_root() -> Path:
    """Where all local cloud state lives (LOCAL_STATE_DIR, default .local/)."""
    return Path(os.environ.get("LOCAL_STATE_DIR", REPO_ROOT / ".local")).resolve()


class ConfigError(ValueError):
    """A setting has a value the local cloud cannot use."""


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"{name}={port} is outside 1-65535")
    return port


@dataclass(frozen=True)
class Config:
    env: str
    moto_port: int
    edge_port: int
    region: str
    state_dir: Path
    repo_root: Path = REPO_ROOT

    @classmethod
    def from_environ(cls, *, env: str | None = None) -> Config:
        name = env or os.environ.get("LOCAL_ENV", "local")
        try:
            envname.check(name)
        except envname.EnvNameError as exc:
            raise ConfigError(str(exc)) from None
        return cls(
            env=name,
            moto_port=_port("MOTO_PORT", 4566),
            edge_port=_port("EDGE_PORT", 8000),
            region=os.environ.get("AWS_REGION", DEFAULT_REGION),
            state_dir=state_root(),
        )

    @property
    def moto_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.moto_port}"

    @property
    def edge_url(self) -> str:
        return f"http://127.0.0.1:{self.edge_port}"

    # One moto per port, shared by the environments that use it; each environment has its own
    # directory.
    @property
    def moto_dir(self) -> Path:
        return self.state_dir / "moto" / str(self.moto_port)

    @property
    def env_dir(self) -> Path:
        return self.state_dir / "envs" / self.env

    @property
    def workspace_dir(self) -> Path:
        return self.env_dir / "tf-workspace"

    @property
    def tf_state_file(self) -> Path:
        return self.env_dir / "terraform.tfstate"

    @property
    def edge_pid_file(self) -> Path:
        return self.env_dir / "edge.pid"

    @property
    def edge_log_file(self) -> Path:
        return self.env_dir / "edge.log"

    @property
    def dist_dir(self) -> Path:
        return self.repo_root / "dist"

    @property
    def lambda_zip(self) -> Path:
        return self.dist_dir / ZIP_NAME

    def aws_env(self) -> dict[str, str]:
        """Variables that point any AWS SDK or CLI at the emulator."""
        return {
            **DUMMY_CREDENTIALS,
            "AWS_ENDPOINT_URL": self.moto_endpoint,
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
        }
