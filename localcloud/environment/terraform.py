"""Apply the real `terraform/` root to the emulator, from a mirror with the emulator's overrides.

The mirror (`.local/envs/<env>/tf-workspace/`) holds symlinks to every file of `terraform/` and
`modules/`, so `source = "../modules/x"` still resolves and edits show up at once, plus the files
of `localcloud/terraform/` copied in. Terraform is driven with python-terraform.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from python_terraform import IsFlagged, IsNotFlagged, Terraform

from localcloud.config import Config

OVERRIDES_DIR = Path(__file__).resolve().parent.parent / "terraform"
# Never mirrored: Terraform's own data and state, module tests, and var files that would feed a real
# environment's values into the emulator's.
SKIP_DIRS = {".terraform", "tests"}
SKIP_SUFFIXES = (".tfstate", ".tfstate.backup", ".tfplan", ".terraform.lock.hcl")
SKIP_NAMES = {"terraform.tfvars", "terraform.tfvars.json", ".terraform.lock.hcl"}


class TerraformError(RuntimeError):
    """A Terraform command failed; the message carries the end of its output."""


def _mirrored_files(source: Path) -> Iterator[Path]:
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part in SKIP_DIRS for part in relative.parts[:-1]) or path.is_dir():
            continue
        if path.name in SKIP_NAMES or path.name.endswith(SKIP_SUFFIXES):
            continue
        if path.name.endswith(".auto.tfvars") or path.name.endswith(".auto.tfvars.json"):
            continue
        yield relative


def sync_tree(source: Path, dest: Path, overrides: Path | None) -> None:
    """Make `dest` mirror `source` with symlinks, plus copies of `overrides`; keep .terraform."""
    wanted: dict[Path, Path | None] = {rel: source / rel for rel in _mirrored_files(source)}
    copies: dict[Path, Path] = {}
    if overrides is not None and overrides.is_dir():
        for rel in _mirrored_files(overrides):
            if rel.parent == Path(".") and rel.suffix == ".tf":
                copies[rel] = overrides / rel
    dest.mkdir(parents=True, exist_ok=True)
    # Drop what is no longer wanted (a deleted .tf would otherwise linger in the mirror).
    for path in sorted(dest.rglob("*"), reverse=True):
        rel = path.relative_to(dest)
        if rel.parts[0] == ".terraform" or path.name.startswith("terraform.tfstate"):
            continue
        if path.name == ".terraform.lock.hcl":  # the mirror's own provider selection
            continue
        if path.is_symlink() or path.is_file():
            if rel not in wanted and rel not in copies:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for rel, target in wanted.items():
        if rel in copies:
            continue
        link = dest / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() and os.readlink(link) == str(target):
            continue
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(target)
    for rel, target in copies.items():
        copy = dest / rel
        if copy.is_symlink():
            copy.unlink()
        if not copy.is_file() or copy.read_bytes() != target.read_bytes():
            shutil.copyfile(target, copy)


class EmulatorTerraform:
    """Terraform for one root on the emulator: an environment's `terraform/` by default."""

    def __init__(
        self,
        config: Config,
        *,
        variables: Mapping[str, Any],
        var_files: list[Path],
        source: str = "terraform",
        overrides: str = "root",
        workspace: Path | None = None,
    ) -> None:
        self.config = config
        self.workspace = workspace or config.workspace_dir
        self.source = config.repo_root / source
        self.overrides = OVERRIDES_DIR / overrides
        self.root = self.workspace / self.source.name
        data_dir = self.workspace.parent if workspace is None else self.workspace
        self.var_file = data_dir / "emulator.tfvars.json"
        self.log_file = data_dir / "terraform.log"
        self.variables = dict(variables)
        self.var_files = [*var_files, self.var_file]
        # Whose credentials Terraform signs with: the administrator's dummy keys until
        # localcloud.environment.bootstrap hands it a deploy-role session.
        self.credentials: dict[str, str] = {}

    @property
    def state_file(self) -> Path:
        return self.root / "terraform.tfstate"

    def has_resources(self) -> bool:
        try:
            state = json.loads(self.state_file.read_text())
        except (FileNotFoundError, ValueError):
            return False
        return bool(state.get("resources"))

    def forget_state(self) -> None:
        """The emulator restarted: whatever the state says exists is gone."""
        for path in self.root.glob("terraform.tfstate*"):
            path.unlink()

    def sync(self) -> None:
        sync_tree(self.source, self.root, self.overrides)
        self.var_file.parent.mkdir(parents=True, exist_ok=True)
        self.var_file.write_text(json.dumps(self.variables, indent=2, sort_keys=True) + "\n")
        if self.source != self.config.repo_root / "terraform":
            return
        modules = self.config.repo_root / "modules"
        for module in sorted(p for p in modules.iterdir() if p.is_dir()):
            sync_tree(
                module,
                self.workspace / "modules" / module.name,
                OVERRIDES_DIR / "modules" / module.name,
            )
        for stale in (self.workspace / "modules").iterdir():
            if not (modules / stale.name).is_dir():
                shutil.rmtree(stale)

    def fingerprint(self, *extra: str) -> str:
        """Everything an apply reads from disk; equal fingerprints mean nothing to apply."""
        digest = hashlib.sha256()
        for base in (self.root, self.workspace / "modules"):
            for path in sorted(base.rglob("*")) if base.is_dir() else []:
                # Terraform's own files (.terraform/, the lock init writes, state) are no inputs.
                if ".terraform" in path.parts or path.name.startswith(
                    (".terraform", "terraform.tfstate")
                ):
                    continue
                if path.is_file():
                    digest.update(str(path.relative_to(self.workspace)).encode())
                    digest.update(path.read_bytes())
        for var_file in self.var_files:
            digest.update(var_file.read_bytes())
        for item in extra:
            digest.update(item.encode())
        return digest.hexdigest()

    def _tf(self) -> Terraform:
        os.environ.setdefault("CHECKPOINT_DISABLE", "1")
        os.environ.setdefault("TF_IN_AUTOMATION", "1")
        return Terraform(
            working_dir=str(self.root),
            var_file=[str(p) for p in self.var_files],
            variables={
                "localcloud_endpoint": self.config.moto_endpoint,
                **{f"localcloud_{k}": v for k, v in self.credentials.items()},
            },
        )

    def _check(self, what: str, result: tuple[int, str, str]) -> str:
        code, out, err = result
        with open(self.log_file, "a", encoding="utf-8") as log:
            log.write(f"==== terraform {what} (exit {code})\n{out}\n{err}\n")
        if code != 0:
            tail = "\n".join((err or out or "").strip().splitlines()[-40:])
            raise TerraformError(f"terraform {what} failed (full log: {self.log_file}):\n{tail}")
        return out

    def init(self) -> None:
        plugin_dir = os.environ.get("TF_PLUGIN_DIR") or None
        self._check("init", self._tf().init(
            reconfigure=IsFlagged, var=None, var_file=None, plugin_dir=plugin_dir,
            input=False, upgrade=IsNotFlagged,
        ))  # fmt: skip

    def apply(self, *, refresh: bool = True) -> str:
        """Apply; refresh=False trusts the state (just applied here) instead of reading it all."""
        out = self._check(
            "apply", self._tf().apply(skip_plan=True, lock_timeout="60s", refresh=refresh)
        )
        return next((line for line in out.splitlines() if line.startswith("Apply complete")), "")

    def state(self) -> dict[str, Any]:
        """The state as `terraform show -json` gives it ({} before the first apply)."""
        if not self.has_resources():
            return {}
        return json.loads(self._check("show", self._tf().cmd("show", "-json", no_color=IsFlagged)))

    def forget(self, addresses: list[str]) -> None:
        """Stop managing these resources, leaving them where they are (`terraform state rm`)."""
        if addresses:
            self._check("state rm", self._tf().cmd("state rm", *addresses, lock_timeout="60s"))

    def destroy(self) -> str:
        out = self._check("destroy", self._tf().destroy(
            force=IsNotFlagged, auto_approve=IsFlagged, lock_timeout="60s",
        ))  # fmt: skip
        return next((line for line in out.splitlines() if line.startswith("Destroy complete")), "")

    def outputs(self) -> dict[str, Any]:
        raw = self._tf().output(full_value=True)
        if raw is None:
            raise TerraformError(f"terraform output failed in {self.root}")
        return {name: item["value"] for name, item in raw.items()}
