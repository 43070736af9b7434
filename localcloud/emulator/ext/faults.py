"""Fault injection for the local cloud's tests: chosen requests fail as the service would fail them.

Only the emulator has it; nothing in modules/ or the app knows. The tests set rules through
`POST /moto-api/localcloud/faults` (a JSON list; an empty list clears them; GET lists them and
what each has failed so far). A rule names the service and action as moto dispatches them
(`ses` `SendRawEmail`, `sqs` `SendMessage`), optionally a text the request's parameters must
contain (a queue's name), and `rate` (the chance that a matching request fails, default 1); with
`once`, the chance is drawn once per distinct request, so a retried request that failed succeeds
(a worker failing 10 % of its messages at random, each once). The
failure is AWS's error shape for the service's protocol, with the rule's `code` (and HTTP
`status`, default 400), so the SDK in the function sees what it would see on AWS: a code the SDK
retries (Throttling, 5xx) is retried by it; a code it does not (MessageRejected) fails the call.

It runs before IAM's check, on the same hook (ActionAuthenticatorMixin).
"""

from __future__ import annotations

import json
import logging
import random
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

from moto.core.authorization import ActionAuthenticatorMixin
from moto.moto_api._internal import urls as moto_api_urls

from localcloud.emulator.ext.iam import _JsonAccessDenied, _protocol, _XmlAccessDenied
from localcloud.iam import enforcement

log = logging.getLogger("localcloud.faults")
PATH = "{0}/moto-api/localcloud/faults"

_INSTALLED = False
_lock = threading.Lock()
_rules: list[Rule] = []


@dataclass
class Rule:
    service: str
    action: str
    code: str
    match: str = ""
    rate: float = 1.0
    status: int = 400
    message: str = "localcloud fault injection"
    once: bool = False
    failed: int = 0
    decided: set[str] = field(default_factory=set, repr=False)

    @classmethod
    def parse(cls, raw: Any) -> Rule:
        if not isinstance(raw, dict) or not {"service", "action", "code"} <= set(raw):
            raise ValueError("a rule is an object with service, action and code")
        rule = cls(**{k: v for k, v in raw.items() if k not in {"failed", "decided"}})
        if not 0 <= float(rule.rate) <= 1:
            raise ValueError("rate is a probability, from 0 to 1")
        return rule


def _fault_for(response: Any) -> Rule | None:
    with _lock:
        rules = [r for r in _rules if r.service == response.service_name]
    if not rules:
        return None
    action = str(response._get_action())
    params = json.dumps(enforcement.request_params(response.data, response.body), default=str)
    for rule in rules:
        if rule.action != action or rule.match not in params:
            continue
        with _lock:
            if rule.once:
                if params in rule.decided:
                    continue
                rule.decided.add(params)
            if random.random() < rule.rate:  # noqa: S311 - a test's dice, not security
                rule.failed += 1
                return rule
    return None


_authorize = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _authorize_with_faults(self: Any, iam_request_cls: type, resource: str = "*") -> None:
    rule = _fault_for(self)
    if rule is not None:
        log.warning("localcloud-faults %s %s failed with %s", rule.service, rule.action, rule.code)
        if _protocol(self) in {"json", "rest-json"}:
            error = _JsonAccessDenied(rule.code, rule.message)
            error.code = rule.status
            raise error
        raise _XmlAccessDenied(rule.message, ec2=False, error_type=rule.code, status=rule.status)
    _authorize(self, iam_request_cls, resource)


def _faults(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    global _rules
    if request.method == "POST":
        try:
            rules = [Rule.parse(raw) for raw in json.loads(request.get_data() or b"[]")]
        except (ValueError, TypeError) as exc:
            return 400, {"Content-Type": "application/json"}, json.dumps({"message": str(exc)})
        with _lock:
            _rules = rules
    with _lock:
        body = json.dumps([{**asdict(r), "decided": len(r.decided)} for r in _rules])
    return 200, {"Content-Type": "application/json"}, body


def install() -> None:
    """After iam.install(): the fault check wraps IAM's."""
    global _INSTALLED, _authorize
    if _INSTALLED:
        return
    _authorize = ActionAuthenticatorMixin._authenticate_and_authorize_action
    ActionAuthenticatorMixin._authenticate_and_authorize_action = _authorize_with_faults  # type: ignore[method-assign]
    moto_api_urls.url_paths[PATH] = _faults
    _INSTALLED = True
