"""Shared by the CI tests (a plain module: importing one conftest from another is fragile)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS_DIR = REPO_ROOT / ".github" / "workflows"
EXPECTED_WORKFLOWS = ("ci.yml", "deploy.yml", "preview.yml", "sweeper.yml")


def load_workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the bare key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


class FakeGitHub(BaseHTTPRequestHandler):
    pulls: dict[int, int | str] = {}  # number -> "open"/"closed" or an HTTP status
    seen_auth: list[str] = []

    def do_GET(self) -> None:
        self.seen_auth.append(self.headers.get("Authorization", ""))
        prefix = "/repos/acme/shop/pulls/"
        number = int(self.path.removeprefix(prefix)) if self.path.startswith(prefix) else 0
        answer = self.pulls.get(number, 404)
        if isinstance(answer, int):
            self.send_response(answer)
            self.end_headers()
            return
        body = json.dumps({"number": number, "state": answer}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass
