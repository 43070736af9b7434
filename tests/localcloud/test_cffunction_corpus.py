"""A corpus of viewer requests gives the same result in the local engine (njs) as in node's V8."""

import base64
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from localcloud.cloudfront.function import (
    CloudFrontFunction,
    FunctionRuntimeError,
    viewer_request_event,
)

HERE = Path(__file__).parent
REPO = HERE.parents[1]
# The project's own functions, then realistic ones in the style of AWS's samples.
FUNCTIONS = sorted(REPO.glob("modules/cdn/functions/*.js")) + sorted(
    (HERE / "fixtures/cffunctions").glob("*.js")
)
EVENTS = 240

PATHS = [
    "/", "/index.html", "/shop", "/shop/", "/shop/item-{n}", "/Shop/Sale/", "/static/app.{h}.js",
    "/static/img/{h}.png", "/admin", "/admin/", "/admin/orders/{n}", "/api/products",
    "/api/cart/", "/api/orders/{n}", "/docs/v1.{n}/guide", "/%E2%82%AC/price", "/a//b/",
    "/b/shop", "/media/{h}", "/robots.txt", "/.well-known/security.txt",
]  # fmt: skip
QUERY_NAMES = ["q", "page", "sort", "Sort", "tag", "utm_source", "UTM_Medium", "fbclid", "gclid",
               "ref", "1", "10", "2", "", "a b", "ünï"]  # fmt: skip
QUERY_VALUES = ["", "1", "shoes", " padded ", "a&b", "x=y", "€", "%20", "TRUE", "0", "-1", "ü"]
HOSTS = ["shop.example.com", "www.shop.example.com", "WWW.Shop.Example.COM", "d1.cloudfront.net"]
LANGUAGES = ["en-GB,en;q=0.9", "de-DE", "fr;q=0.8, en", " ", "*", "pt-BR,pt;q=0.9,en-US;q=0.8"]
COOKIES = ["exp=0", "exp=1", "exp=01", "exp= 1", "exp=b", "debug=1", "debug=1.0", "debug=true",
           "session=abc123", "theme=dark", "exp=1; exp=0"]  # fmt: skip
METHODS = ["GET"] * 6 + ["HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OPTIONS"]


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


AUTHORIZATIONS = [_basic("editor", "correct horse"), _basic("editor", "wrong"),
                  _basic("__proto__", ""), "Basic !!notbase64", "Basic ZWRpdG9y",
                  "Bearer token", "basic lowercase"]  # fmt: skip


def corpus(count: int, seed: int = 9) -> list[dict]:
    """Viewer-request events, made by the edge's own event builder from varied requests."""
    rng = random.Random(seed)
    events = []
    for _ in range(count):
        path = rng.choice(PATHS).format(n=rng.randint(0, 120), h=f"{rng.getrandbits(32):08x}")
        query = [
            (rng.choice(QUERY_NAMES), rng.choice(QUERY_VALUES)) for _ in range(rng.randint(0, 5))
        ]
        if query and rng.random() < 0.3:
            query.append((query[0][0], rng.choice(QUERY_VALUES)))  # a multiValue parameter
        headers = []
        if rng.random() < 0.9:
            headers.append(("Host", rng.choice(HOSTS)))
        headers.append(("User-Agent", rng.choice(["curl/8.5.0", "Mozilla/5.0 (X11; Linux)"])))
        for _ in range(rng.choice([0, 0, 1, 2])):
            headers.append(("Accept-Language", rng.choice(LANGUAGES)))
        if rng.random() < 0.5:
            headers.append(("CloudFront-Viewer-Country", rng.choice(["GB", "DE", "US", "BR"])))
        if rng.random() < 0.4:
            headers.append(("Authorization", rng.choice(AUTHORIZATIONS)))
        if rng.random() < 0.5:
            headers.append(("X-Api-Key", f"key-{rng.getrandbits(40):x}"))
        for name in ("X-Debug", "X-Internal-Token"):
            if rng.random() < 0.3:
                headers.append((name, "1"))
        if rng.random() < 0.6:
            headers.append(("Cookie", "; ".join(rng.sample(COOKIES, rng.randint(1, 3)))))
        if rng.random() < 0.2:
            headers.append(("Cookie", rng.choice(COOKIES)))
        ip = ".".join(str(rng.randint(1, 223)) for _ in range(4))
        if rng.random() < 0.2:
            ip = f"2001:db8::{rng.getrandbits(16):x}"
        events.append(
            viewer_request_event(
                method=rng.choice(METHODS),
                uri=path,
                query=query,
                headers=headers,
                client_ip=ip,
                distribution_id="E2CORPUS",
                distribution_domain="d2corpus.cloudfront.net",
                request_id=base64.urlsafe_b64encode(rng.randbytes(42)).decode(),
            )
        )
    return events


def outcome(function: CloudFrontFunction, event: dict) -> dict:
    try:
        return {"result": function.run(json.loads(json.dumps(event)))}
    except FunctionRuntimeError:
        return {"error": True}


@pytest.fixture(scope="module")
def node_results():
    node = shutil.which("node")
    assert node, "node is needed for the reference results"
    payload = {"functions": {p.stem: p.read_text() for p in FUNCTIONS}, "events": corpus(EVENTS)}
    done = subprocess.run(
        [node, str(HERE / "node_reference.js")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def test_the_corpus_is_varied_and_deterministic():
    events = corpus(EVENTS)
    assert events == corpus(EVENTS)
    requests = [e["request"] for e in events]
    assert len({r["uri"] for r in requests}) > 60
    assert {r["method"] for r in requests} >= {"GET", "POST", "OPTIONS", "HEAD"}
    assert sum(any("multiValue" in q for q in r["querystring"].values()) for r in requests) > 20
    assert sum("multiValue" in r["headers"].get("accept-language", {}) for r in requests) > 10
    assert sum(bool(r["cookies"]) for r in requests) > 100


@pytest.mark.parametrize("path", FUNCTIONS, ids=[p.stem for p in FUNCTIONS])
def test_njs_gives_what_node_gives_for_every_event(path, node_results):
    function = CloudFrontFunction(path.read_text(), name=path.stem)
    try:
        local = [outcome(function, event) for event in corpus(EVENTS)]
    finally:
        function.close()
    reference = [{"error": True} if "error" in r else r for r in node_results[path.stem]]
    # Compared as JSON text: key order is part of the result (it orders the origin's query string).
    pairs = zip(map(json.dumps, local), map(json.dumps, reference), strict=True)
    mismatches = [i for i, (a, b) in enumerate(pairs) if a != b]
    assert not mismatches, (
        f"{len(mismatches)} of {EVENTS} events differ, first #{mismatches[0]}: "
        f"njs {local[mismatches[0]]} node {reference[mismatches[0]]}"
    )
    # A function that leaves every event as it came would prove little.
    events = corpus(EVENTS)
    assert sum(o != {"result": e["request"]} for o, e in zip(local, events, strict=True)) > 20


def test_the_corpus_reaches_responses_and_errors(node_results):
    kinds = {
        name: {"error" if "error" in r else "response" if "statusCode" in r["result"] else "request"
               for r in results}
        for name, results in node_results.items()
    }  # fmt: skip
    assert kinds["api_gate"] == {"error", "response", "request"}
    assert kinds["basic_auth"] == kinds["canonical_redirect"] == {"response", "request"}
