"""The one GitHub question the sweeper asks: is this pull request still open?"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from enum import StrEnum

DEFAULT_API_URL = "https://api.github.com"


class PullState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    MISSING = "missing"  # deleted, or never existed: nothing will ever close it


class GitHubError(RuntimeError):
    pass


class PullRequests:
    def __init__(
        self, repository: str, token: str, api_url: str = DEFAULT_API_URL, timeout: float = 20
    ) -> None:
        if repository.count("/") != 1 or not all(repository.split("/")):
            raise GitHubError(f"repository must look like owner/name, got {repository!r}")
        if not token:
            raise GitHubError("no GitHub token: set GITHUB_TOKEN")
        self.repository = repository
        self.token = token
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout

    def state(self, number: int) -> PullState:
        url = f"{self.api_url}/repos/{self.repository}/pulls/{number}"
        if not url.startswith(("https://", "http://")):
            raise GitHubError(f"unsupported GitHub API URL {self.api_url!r}")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "lambda-shop-sweeper",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.load(response)
        except urllib.error.HTTPError as err:
            if err.code in (404, 410):
                return PullState.MISSING
            raise GitHubError(f"GET {url} failed: HTTP {err.code} {err.reason}") from err
        except urllib.error.URLError as err:
            raise GitHubError(f"GET {url} failed: {err.reason}") from err
        state = payload.get("state")
        if state == "open":
            return PullState.OPEN
        if state == "closed":
            return PullState.CLOSED
        raise GitHubError(f"GET {url}: unexpected pull request state {state!r}")
