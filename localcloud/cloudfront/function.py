"""Run a CloudFront Function (cloudfront-js) viewer-request handler, for a narrow subset of JS.

The local edge reads the function's LIVE code back from the emulator and executes it here, so the
deployed function (not an assumption about it) decides what reaches the origin. The subset covers
what request-rewriting functions are made of: `function handler(event)`, var/let/const, if/else,
blocks, return, delete, assignment, member access with `.` and `[...]`, object literals, string,
number, boolean, null and undefined literals, `!`, `&&`, `||` and (strict) equality. Anything else
is refused when the code is loaded, with the line it is on, so the edge never guesses.
"""

from __future__ import annotations

from typing import Any

from localcloud.cloudfront.jsparser import UNDEFINED, Undefined, UnsupportedFunction, parse


class FunctionRuntimeError(RuntimeError):
    """The function failed while running (e.g. a property read on undefined)."""


# --- evaluation --------------------------------------------------------------------------------


class _Return(Exception):  # control flow, not an error
    def __init__(self, value: Any) -> None:
        self.value = value


def _truthy(value: Any) -> bool:
    if value is UNDEFINED or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0 and value == value
    if isinstance(value, str):
        return value != ""
    return True


def _js_str(value: Any) -> str:
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Scope:
    def __init__(self, names: dict[str, Any]) -> None:
        self.names = names

    def get(self, name: str) -> Any:
        if name not in self.names:
            raise FunctionRuntimeError(f"ReferenceError: {name} is not defined")
        return self.names[name]


def _eval(node: Any, scope: _Scope) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "name":
        return scope.get(node[1])
    if kind == "object":
        return {key: _eval(value, scope) for key, value in node[1]}
    if kind == "member":
        target = _eval(node[1], scope)
        key = _js_str(_eval(node[2], scope))
        if target is UNDEFINED or target is None:
            raise FunctionRuntimeError(
                f"TypeError: cannot read property {key!r} of {_js_str(target)}"
            )
        if isinstance(target, dict):
            return target.get(key, UNDEFINED)
        if isinstance(target, str) and key == "length":
            return len(target)
        return UNDEFINED
    if kind == "assign":
        value = _eval(node[2], scope)
        target = node[1]
        if target[0] == "name":
            scope.get(target[1])
            scope.names[target[1]] = value
            return value
        obj = _eval(target[1], scope)
        key = _js_str(_eval(target[2], scope))
        if not isinstance(obj, dict):
            raise FunctionRuntimeError(f"TypeError: cannot set property {key!r} of {_js_str(obj)}")
        obj[key] = value
        return value
    if kind == "not":
        return not _truthy(_eval(node[1], scope))
    if kind == "and":
        left = _eval(node[1], scope)
        return _eval(node[2], scope) if _truthy(left) else left
    if kind == "or":
        left = _eval(node[1], scope)
        return left if _truthy(left) else _eval(node[2], scope)
    if kind == "eq":
        op, left, right = node[1], _eval(node[2], scope), _eval(node[3], scope)
        if op in {"==", "!="} and {type(left), type(right)} <= {type(None), Undefined}:
            same = True
        elif isinstance(left, dict) or isinstance(right, dict):
            same = left is right
        else:
            same = type(left) is type(right) and left == right
        return same if op in {"===", "=="} else not same
    raise FunctionRuntimeError(f"cannot evaluate {kind}")


def _run(statements: list[Any], scope: _Scope) -> None:
    for statement in statements:
        kind = statement[0]
        if kind == "block":
            _run(statement[1], scope)
        elif kind == "var":
            for name, value in statement[1]:
                scope.names[name] = _eval(value, scope)
        elif kind == "if":
            _run([statement[2] if _truthy(_eval(statement[1], scope)) else statement[3]], scope)
        elif kind == "return":
            raise _Return(_eval(statement[1], scope))
        elif kind == "delete":
            obj = _eval(statement[1][1], scope)
            if isinstance(obj, dict):
                obj.pop(_js_str(_eval(statement[1][2], scope)), None)
        elif kind == "expr":
            _eval(statement[1], scope)


class CloudFrontFunction:
    """A parsed function: `run(event)` returns what `handler` returns (a request or response)."""

    def __init__(self, code: str, *, name: str = "function") -> None:
        self.name = name
        try:
            self._functions = parse(code)
        except UnsupportedFunction as exc:
            raise UnsupportedFunction(f"CloudFront function {name!r}: {exc}") from None
        if "handler" not in self._functions:
            raise UnsupportedFunction(f"CloudFront function {name!r} has no handler(event)")

    def run(self, event: dict[str, Any]) -> Any:
        params, body = self._functions["handler"]
        scope = _Scope({p: UNDEFINED for p in params})
        if params:
            scope.names[params[0]] = event
        try:
            _run(body, scope)
        except _Return as ret:
            return ret.value
        except RecursionError:
            raise FunctionRuntimeError("RangeError: too much recursion") from None
        return UNDEFINED


def viewer_request_event(
    *,
    method: str,
    uri: str,
    query: list[tuple[str, str]],
    headers: list[tuple[str, str]],
    client_ip: str,
    distribution_id: str,
    distribution_domain: str,
    request_id: str,
) -> dict[str, Any]:
    """The cloudfront-js-2.0 event of a viewer request (headers lowercased, cookies split out)."""
    header_map: dict[str, dict[str, Any]] = {}
    cookies: dict[str, dict[str, str]] = {}
    for name, value in headers:
        key = name.lower()
        if key == "cookie":
            for part in value.split(";"):
                cname, _, cvalue = part.strip().partition("=")
                if cname:
                    cookies[cname] = {"value": cvalue}
            continue
        if key in header_map:
            header_map[key].setdefault("multiValue", [{"value": header_map[key]["value"]}])
            header_map[key]["multiValue"].append({"value": value})
        else:
            header_map[key] = {"value": value}
    querystring: dict[str, dict[str, Any]] = {}
    for name, value in query:
        if name in querystring:
            querystring[name].setdefault("multiValue", [{"value": querystring[name]["value"]}])
            querystring[name]["multiValue"].append({"value": value})
        else:
            querystring[name] = {"value": value}
    return {
        "version": "1.0",
        "context": {
            "distributionDomainName": distribution_domain,
            "distributionId": distribution_id,
            "eventType": "viewer-request",
            "requestId": request_id,
        },
        "viewer": {"ip": client_ip},
        "request": {
            "method": method,
            "uri": uri,
            "querystring": querystring,
            "headers": header_map,
            "cookies": cookies,
        },
    }
