"""Run a built package like Lambda would: unpacked, read-only, by the target interpreter.

Shared by tests/package and bench/coldstart.py. Lambda itself cannot run here (no Docker, and the
emulator does not execute functions), so this is the closest stand-in: the same interpreter
version, the code directory first on sys.path, boto3 & co. from the emulated runtime, no
bytecode writes, and production settings.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import zipfile
from pathlib import Path

from tools.package import deps, lock
from tools.package.target import Interpreter, Target, find_interpreter

INVOKE_SCRIPT = Path(__file__).resolve().with_name("lambda_invoke.py")
PUBLIC_HOST = "shop.example.test"
API_HOST = "abc123.execute-api.eu-west-1.amazonaws.com"


def unpack(zip_path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(dest)
    return dest


def runtime_libs(target: Target, dev_lock: Path, cache_dir: Path) -> Path:
    """boto3 & co. installed for the target: what Lambda's runtime puts after the code."""
    interpreter = find_interpreter(target)
    environment = target.marker_environment(interpreter.full_version)
    pinned = lock.select(lock.parse_lock(dev_lock), environment)
    return deps.install(deps.runtime_requirements(pinned), target, interpreter, cache_dir)


def lambda_env(database_url: str, **extra: str) -> dict[str, str]:
    """A production configuration, as Terraform sets it, plus what Lambda itself sets."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_LAMBDA_FUNCTION_NAME": "lambda-shop",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": PUBLIC_HOST,
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{PUBLIC_HOST}",
        "DATABASE_URL": database_url,
        **extra,
    }


def http_event(
    path: str,
    *,
    method: str = "GET",
    query: str = "",
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> dict:
    """An API Gateway HTTP API (payload 2.0) event as CloudFront forwards it."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": {
            "host": API_HOST,
            "x-forwarded-host": PUBLIC_HOST,
            "x-forwarded-proto": "https",
            "user-agent": "lambda-shop-build-check",
            **(headers or {}),
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": API_HOST,
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.10",
                "userAgent": "lambda-shop-build-check",
            },
            "requestId": "build-check",
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/Jan/2026:00:00:00 +0000",
            "timeEpoch": 1767225600000,
        },
        "body": body,
        "isBase64Encoded": False,
    }


def command(interpreter: Interpreter, task_root: Path, runtime: Path) -> list[str]:
    # -I: no PYTHON* variables, no user site, no cwd on sys.path. -B: the code directory is
    # read-only on Lambda, so nothing compiled at start-up is ever kept.
    return [str(interpreter.path), "-I", "-B", str(INVOKE_SCRIPT), str(task_root), str(runtime)]


def invoke(
    interpreter: Interpreter,
    task_root: Path,
    runtime: Path,
    events: list[dict],
    env: dict[str, str],
    timeout: float = 120,
) -> list[dict]:
    """Invoke the events in one fresh process (one cold start); return the responses."""
    stdin = "".join(json.dumps(event) + "\n" for event in events)
    done = subprocess.run(
        command(interpreter, task_root, runtime),
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=task_root,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the package failed under {interpreter.path}:\n{done.stderr}")
    return [json.loads(line)["response"] for line in done.stdout.splitlines() if line.strip()]
