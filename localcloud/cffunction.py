"""Run a CloudFront Function (cloudfront-js) viewer-request handler, for a narrow subset of JS.

The local edge reads the function's LIVE code back from the emulator and executes it here, so the
deployed function (not an assumption about it) decides what reaches the origin. The subset covers
what request-rewriting functions are made of: `function handler(event)`, var/let/const, if/else,
blocks, return, delete, assignment, member access with `.` and `[...]`, object literals, string,
number, boolean, null and undefined literals, `!`, `&&`, `||` and (strict) equality. Anything else
is refused when the code is loaded, with the line it is on, so the edge never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class UnsupportedFunction(ValueError):
    """The code uses JavaScript outside the subset this interpreter implements."""


class FunctionRuntimeError(RuntimeError):
    """The function failed while running (e.g. a property read on undefined)."""


class _Undefined:
    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = _Undefined()

# --- tokens ------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>[ \t\r\n]+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punct>===|!==|==|!=|&&|\|\||[{}()\[\];,.:=!])
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}


@dataclass(frozen=True)
class _Token:
    kind: str
    value: str
    line: int


def _tokenize(code: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos, line = 0, 1
    while pos < len(code):
        match = _TOKEN_RE.match(code, pos)
        if not match:
            raise UnsupportedFunction(f"line {line}: unexpected character {code[pos]!r}")
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "string":
            value = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[1]), text[1:-1])
            tokens.append(_Token("string", value, line))
        elif kind in {"number", "name", "punct"}:
            tokens.append(_Token(kind, text, line))
        line += text.count("\n")
        pos = match.end()
    tokens.append(_Token("eof", "", line))
    return tokens


# --- parser (to nested tuples) -----------------------------------------------------------------

_KEYWORDS = {
    "var",
    "let",
    "const",
    "if",
    "else",
    "return",
    "delete",
    "function",
    "true",
    "false",
    "null",
    "undefined",
}
_UNSUPPORTED = {
    "for",
    "while",
    "do",
    "switch",
    "try",
    "new",
    "class",
    "import",
    "async",
    "await",
    "throw",
    "typeof",
    "this",
}


class _Parser:
    def __init__(self, code: str) -> None:
        self.tokens = _tokenize(code)
        self.pos = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.pos]

    def fail(self, what: str) -> UnsupportedFunction:
        shown = self.tok.value or "end of code"
        return UnsupportedFunction(f"line {self.tok.line}: {what} (at {shown!r})")

    def accept(self, value: str) -> bool:
        if self.tok.kind in {"punct", "name"} and self.tok.value == value:
            self.pos += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            raise self.fail(f"expected {value!r}")

    def name(self) -> str:
        if self.tok.kind != "name" or self.tok.value in _KEYWORDS | _UNSUPPORTED:
            raise self.fail("expected a name")
        value = self.tok.value
        self.pos += 1
        return value

    def program(self) -> dict[str, tuple[list[str], list[Any]]]:
        functions: dict[str, tuple[list[str], list[Any]]] = {}
        while self.tok.kind != "eof":
            if self.tok.kind == "string":  # a 'use strict' directive
                self.pos += 1
                self.accept(";")
                continue
            if not self.accept("function"):
                raise self.fail("only function declarations are supported at the top level")
            fname = self.name()
            self.expect("(")
            params: list[str] = []
            if not self.accept(")"):
                params.append(self.name())
                while self.accept(","):
                    params.append(self.name())
                self.expect(")")
            functions[fname] = (params, self.block())
        return functions

    def block(self) -> list[Any]:
        self.expect("{")
        body = []
        while not self.accept("}"):
            if self.tok.kind == "eof":
                raise self.fail("unclosed block")
            body.append(self.statement())
        return body

    def statement(self) -> Any:
        tok = self.tok
        if tok.kind == "name" and tok.value in _UNSUPPORTED:
            raise self.fail(f"{tok.value!r} is not supported")
        if tok.kind == "punct" and tok.value == "{":
            return ("block", self.block())
        if tok.kind == "punct" and tok.value == ";":
            self.pos += 1
            return ("block", [])
        if self.accept("var") or self.accept("let") or self.accept("const"):
            decls = []
            while True:
                name = self.name()
                value = self.expression() if self.accept("=") else ("lit", UNDEFINED)
                decls.append((name, value))
                if not self.accept(","):
                    break
            self.accept(";")
            return ("var", decls)
        if self.accept("if"):
            self.expect("(")
            test = self.expression()
            self.expect(")")
            then = self.statement()
            other = self.statement() if self.accept("else") else ("block", [])
            return ("if", test, then, other)
        if self.accept("return"):
            if self.accept(";") or (self.tok.kind == "punct" and self.tok.value == "}"):
                return ("return", ("lit", UNDEFINED))
            value = self.expression()
            self.accept(";")
            return ("return", value)
        if self.accept("delete"):
            target = self.postfix()
            if target[0] != "member":
                raise self.fail("delete needs a property")
            self.accept(";")
            return ("delete", target)
        expr = self.expression()
        if expr[0] != "assign":
            raise self.fail("only assignments can stand alone as statements")
        self.accept(";")
        return ("expr", expr)

    def expression(self) -> Any:
        left = self.logical_or()
        if self.accept("="):
            if left[0] not in {"name", "member"}:
                raise self.fail("cannot assign to this")
            return ("assign", left, self.expression())
        return left

    def logical_or(self) -> Any:
        node = self.logical_and()
        while self.accept("||"):
            node = ("or", node, self.logical_and())
        return node

    def logical_and(self) -> Any:
        node = self.equality()
        while self.accept("&&"):
            node = ("and", node, self.equality())
        return node

    def equality(self) -> Any:
        node = self.unary()
        while self.tok.kind == "punct" and self.tok.value in {"===", "!==", "==", "!="}:
            op = self.tok.value
            self.pos += 1
            node = ("eq", op, node, self.unary())
        return node

    def unary(self) -> Any:
        if self.accept("!"):
            return ("not", self.unary())
        return self.postfix()

    def postfix(self) -> Any:
        node = self.primary()
        while True:
            if self.accept("."):
                if self.tok.kind != "name":
                    raise self.fail("expected a property name")
                node = ("member", node, ("lit", self.tok.value))
                self.pos += 1
            elif self.accept("["):
                node = ("member", node, self.expression())
                self.expect("]")
            elif self.tok.kind == "punct" and self.tok.value == "(":
                raise self.fail("function calls are not supported")
            else:
                return node

    def primary(self) -> Any:
        tok = self.tok
        if tok.kind == "string":
            self.pos += 1
            return ("lit", tok.value)
        if tok.kind == "number":
            self.pos += 1
            return ("lit", float(tok.value) if "." in tok.value else int(tok.value))
        if tok.kind == "name":
            literals = {"true": True, "false": False, "null": None, "undefined": UNDEFINED}
            if tok.value in literals:
                self.pos += 1
                return ("lit", literals[tok.value])
            return ("name", self.name())
        if self.accept("("):
            node = self.expression()
            self.expect(")")
            return node
        if self.accept("{"):
            props = []
            while not self.accept("}"):
                if self.tok.kind in {"string", "name"}:
                    key = self.tok.value
                    self.pos += 1
                else:
                    raise self.fail("expected a property name")
                self.expect(":")
                props.append((key, self.expression()))
                if not self.accept(","):
                    self.expect("}")
                    break
            return ("object", props)
        raise self.fail("unsupported expression")


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
        if op in {"==", "!="} and {type(left), type(right)} <= {type(None), _Undefined}:
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
            self._functions = _Parser(code).program()
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
