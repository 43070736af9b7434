"""Tokenizer and parser for the JavaScript subset of CloudFront Functions (see `function`).

The code becomes nested tuples, one per statement or expression; anything outside the subset is
refused here, with the line it is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class UnsupportedFunction(ValueError):
    """The code uses JavaScript outside the subset this interpreter implements."""


class Undefined:
    _instance: Undefined | None = None

    def __new__(cls) -> Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED = Undefined()

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


def parse(code: str) -> dict[str, tuple[list[str], list[Any]]]:
    """The program's function declarations, by name: (parameters, body statements)."""
    return _Parser(code).program()
