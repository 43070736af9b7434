"""CloudFront Functions in the local engine: loading, running, failing, and the edge around them."""

import hashlib
import logging
from pathlib import Path

import pytest

from localcloud.cloudfront import function as cffunction
from localcloud.cloudfront.behaviours import Behaviour, Distribution, FunctionAssociation, Origin
from localcloud.cloudfront.edge import Edge, ViewerRequest
from localcloud.cloudfront.function import (
    CloudFrontFunction,
    FunctionLoadError,
    FunctionRuntimeError,
    viewer_request_event,
)
from localcloud.environment.deployment import DeploymentError, load_edge
from tests.localcloud.aws import REGION, client, deploy_shop

REPO = Path(__file__).resolve().parents[2]
PROJECT_FUNCTIONS = sorted(REPO.glob("modules/cdn/functions/*.js"))


def request_event(headers=(("Host", "shop.example.com"),), uri="/api/x", query=()):
    return viewer_request_event(
        method="GET",
        uri=uri,
        query=list(query),
        headers=list(headers),
        client_ip="203.0.113.9",
        distribution_id="E1",
        distribution_domain="d1.cloudfront.net",
        request_id="r1",
    )


@pytest.fixture
def load():
    loaded = []

    def make(code, **kwargs):
        loaded.append(CloudFrontFunction(code, **kwargs))
        return loaded[-1]

    yield make
    for function in loaded:
        function.close()


def test_the_event_has_cloudfronts_shape():
    event = request_event(
        headers=[
            ("Host", "a"),
            ("Cookie", "x=1; y=2"),
            ("Accept", "a"),
            ("accept", "b"),
            ("Cookie", "x=3"),
        ],
        query=[("q", "1"), ("q", "2")],
    )
    assert event == {
        "version": "1.0",
        "context": {
            "distributionDomainName": "d1.cloudfront.net",
            "distributionId": "E1",
            "eventType": "viewer-request",
            "requestId": "r1",
        },
        "viewer": {"ip": "203.0.113.9"},
        "request": {
            "method": "GET",
            "uri": "/api/x",
            "querystring": {"q": {"value": "1", "multiValue": [{"value": "1"}, {"value": "2"}]}},
            "headers": {
                "host": {"value": "a"},
                "accept": {"value": "a", "multiValue": [{"value": "a"}, {"value": "b"}]},
            },
            "cookies": {
                "x": {"value": "1", "multiValue": [{"value": "1"}, {"value": "3"}]},
                "y": {"value": "2"},
            },
        },
    }


@pytest.mark.parametrize("path", PROJECT_FUNCTIONS, ids=[p.stem for p in PROJECT_FUNCTIONS])
def test_the_projects_functions_load(path, load):
    assert isinstance(load(path.read_text(), name=path.stem).run(request_event()), dict)


def test_the_deployed_host_forwarder_copies_host_into_x_forwarded_host(load):
    function = load((REPO / "modules/cdn/functions/forwarded_host.js").read_text())
    assert function.run(request_event())["headers"] == {
        "host": {"value": "shop.example.com"},
        "x-forwarded-host": {"value": "shop.example.com"},
    }
    assert function.run(request_event(headers=[]))["headers"] == {}


def test_what_the_old_subset_interpreter_refused_or_got_wrong_is_plain_javascript(load):
    function = load("""
    function withIndex(uri) {
      return uri.endsWith('/') ? uri + 'index.html' : uri;
    }
    function handler(event) {
      var request = event.request;
      request.uri = withIndex(request.uri);
      request.headers['x-loose'] = { value: String('1' == 1) };
      request.headers['x-first'] = { value: request.querystring.tag.multiValue[0].value };
      return request;
    }
    """)
    result = function.run(request_event(uri="/shop/", query=[("tag", "a"), ("tag", "b")]))
    assert result["uri"] == "/shop/index.html"
    assert result["headers"]["x-loose"] == {"value": "true"}
    assert result["headers"]["x-first"] == {"value": "a"}


def test_runtime_2_features_and_modules(load):
    function = load("""
    const crypto = require('crypto');
    const querystring = require('querystring');
    async function handler(event) {
      const uri = await Promise.resolve(event.request.uri);
      const parts = uri.split('/').filter((p) => p !== '');
      return {
        statusCode: 200,
        body: `${parts.length} ${2 ** 3} ${crypto.createHash('sha256').update(uri).digest('hex')}`
          + ` ${querystring.stringify({ a: 'b c' })} ${Buffer.from('hi').toString('base64')}`,
      };
    }
    """)
    digest = hashlib.sha256(b"/a/b").hexdigest()
    assert function.run(request_event(uri="/a/b")) == {
        "statusCode": 200,
        "body": f"2 8 {digest} a=b%20c aGk=",
    }


def test_every_request_starts_from_fresh_state(load):
    function = load("var n = 0; function handler(event) { n += 1; return { statusCode: n }; }")
    assert [function.run(request_event())["statusCode"] for _ in range(3)] == [1, 1, 1]


def test_code_runs_in_strict_mode_without_eval_or_foreign_modules(load):
    for body in ("undeclared = 1", "eval('1')", "require('fs')", "require('cloudfront')"):
        function = load(f"function handler(event) {{ {body}; return event.request; }}")
        with pytest.raises(FunctionRuntimeError):
            function.run(request_event())


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("function handler(event) { return event.request;", r"SyntaxError: .*\(line 1\)"),
        ("function handler(event) {\n  return event.;\n}", r"SyntaxError: .*\(line 2\)"),
        ("var x = 1;", "the code defines no handler"),
        ("function other(event) { return event; }", "the code defines no handler"),
        ("for (;;) {}\nfunction handler(event) { return event; }", "its top-level code ran"),
    ],
)
def test_broken_code_is_refused_when_loaded(code, message):
    with pytest.raises(FunctionLoadError, match=f"CloudFront function 'broken': {message}"):
        CloudFrontFunction(code, name="broken", timeout=0.5)


def test_without_node_loading_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(cffunction.shutil, "which", lambda name: None)
    with pytest.raises(FunctionLoadError, match="make node-deps"):
        CloudFrontFunction("function handler(event) { return event.request; }")


def test_runtime_errors_carry_javascripts_message(load):
    function = load("function handler(event) { return event.request.nope.value; }")
    with pytest.raises(FunctionRuntimeError, match="TypeError: Cannot read properties of undef"):
        function.run(request_event())
    with pytest.raises(FunctionRuntimeError, match="Uncaught boom"):
        load("function handler(event) { throw 'boom'; }").run(request_event())


@pytest.mark.parametrize(
    "body",
    ["for (;;) {}", "return (async () => { await null; while (true) {} })()"],
    ids=["loop", "loop-after-await"],
)
def test_a_runaway_function_is_stopped_and_the_next_request_runs(body, load):
    function = load(
        f"function handler(event) {{ if (event.request.uri === '/spin') {{ {body} }}"
        " return event.request; }",
        timeout=0.3,
    )
    with pytest.raises(FunctionRuntimeError, match="exceeded the maximum execution time"):
        function.run(request_event(uri="/spin"))
    assert function.run(request_event(uri="/ok"))["uri"] == "/ok"


def test_a_dead_engine_fails_one_request_and_is_replaced(load):
    function = load("function handler(event) { return event.request; }")
    function._engine.proc.kill()
    function._engine.proc.wait()
    with pytest.raises(FunctionRuntimeError, match="node exited"):
        function.run(request_event())
    assert function.run(request_event())["uri"] == "/api/x"


def test_a_promise_that_never_settles_is_an_error(load):
    function = load("function handler(event) { return new Promise(() => {}); }")
    with pytest.raises(FunctionRuntimeError, match="never settled"):
        function.run(request_event())


def test_console_log_reaches_the_edges_log(load, caplog):
    function = load("function handler(event) { console.log('uri', event.request.uri, {a: 1}); }")
    with caplog.at_level(logging.INFO, logger=cffunction.__name__):
        assert function.run(request_event()) is None  # undefined: the edge refuses it
    assert "CloudFront function function: uri /api/x { a: 1 }" in caplog.messages


# --- the edge around the function ----------------------------------------------------------------

EDGE_FUNCTION = """
function handler(event) {
  var uri = event.request.uri;
  if (uri === '/moved') {
    return { statusCode: 302, statusDescription: 'Found',
             headers: { location: { value: 'https://shop.example.com/new' } } };
  }
  if (uri === '/throws') { return event.request.headers.missing.value; }
  if (uri === '/spins') { for (;;) {} }
  if (uri === '/nothing') { return; }
  return event.request;
}
"""


@pytest.fixture
def edge(load):
    origin = Origin(id="site", domain_name="site.s3.us-east-1.amazonaws.com", kind="s3")
    association = FunctionAssociation(
        event_type="viewer-request", function_arn="arn:aws:cloudfront::123456789012:function/gate"
    )
    behaviour = Behaviour(
        path_pattern="*",
        target_origin_id="site",
        allowed_methods=frozenset({"GET", "HEAD"}),
        function_associations=(association,),
    )
    distribution = Distribution(
        id="E1",
        domain_name="d1.cloudfront.net",
        origins={"site": origin},
        behaviours=(),
        default_behaviour=behaviour,
    )
    return Edge(
        distribution=distribution,
        distribution_arn="arn:aws:cloudfront::123456789012:distribution/E1",
        s3=None,  # no bucket behind the origin: a request that gets past the function is a 404
        functions={"gate": load(EDGE_FUNCTION, name="gate", timeout=0.3)},
    )


def get(edge, path):
    return edge.handle(
        ViewerRequest(method="GET", target=path, headers=[("Host", "a")], body=b"", client_ip="::1")
    )


def test_the_edge_answers_with_the_functions_response(edge):
    response = get(edge, "/moved")
    assert response.status == 302
    assert ("location", "https://shop.example.com/new") in response.headers


def test_a_request_the_function_returns_goes_on_to_the_origin(edge):
    response = get(edge, "/page")
    assert (response.status, b"NoSuchBucket" in response.body) == (404, True)


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/throws", b"The CloudFront function returned an error."),
        ("/spins", b"The CloudFront function returned an error."),
        ("/nothing", b"The CloudFront function returned an invalid value."),
    ],
)
def test_a_failing_function_is_cloudfronts_503_and_the_edge_keeps_serving(edge, path, detail):
    response = get(edge, path)
    assert (response.status, detail in response.body) == (503, True)
    assert get(edge, "/moved").status == 302


def test_the_edge_refuses_a_deployed_function_that_does_not_compile(moto_endpoint, tmp_path):
    shop = deploy_shop(moto_endpoint, "cf-broken", timeout=2)
    cloudfront = client(moto_endpoint, "cloudfront")
    name = "cf-broken-forwarded-host"
    etag = cloudfront.describe_function(Name=name)["ETag"]
    etag = cloudfront.update_function(
        Name=name,
        IfMatch=etag,
        FunctionConfig={"Comment": "", "Runtime": "cloudfront-js-2.0"},
        FunctionCode=b"function handler(event) {\n  return event.request.;\n}\n",
    )["ETag"]
    cloudfront.publish_function(Name=name, IfMatch=etag)
    with pytest.raises(DeploymentError, match=rf"'{name}': SyntaxError: .*\(line 2\)"):
        load_edge(
            endpoint=moto_endpoint,
            region=REGION,
            distribution_id=shop.distribution_id,
            zip_path=tmp_path / "lambda.zip",
            code_root=tmp_path / "code",
        )
