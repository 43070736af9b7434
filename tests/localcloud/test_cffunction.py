from pathlib import Path

import pytest

from localcloud.cloudfront.function import (
    CloudFrontFunction,
    FunctionRuntimeError,
    UnsupportedFunction,
    viewer_request_event,
)

REPO = Path(__file__).resolve().parents[2]


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


HOST_FORWARDER = """
// copies Host
function handler(event) {
  var request = event.request;
  var host = request.headers.host;
  if (host) {
    request.headers['x-forwarded-host'] = { value: host.value };
  }
  return request;
}
"""


def test_the_event_has_cloudfronts_shape():
    event = request_event(
        headers=[("Host", "a"), ("Cookie", "x=1; y=2"), ("Accept", "a"), ("accept", "b")],
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
            "cookies": {"x": {"value": "1"}, "y": {"value": "2"}},
        },
    }


def test_host_is_copied_into_x_forwarded_host():
    result = CloudFrontFunction(HOST_FORWARDER).run(request_event())
    assert result["headers"] == {
        "host": {"value": "shop.example.com"},
        "x-forwarded-host": {"value": "shop.example.com"},
    }


def test_without_host_the_condition_skips_the_copy():
    result = CloudFrontFunction(HOST_FORWARDER).run(request_event(headers=[]))
    assert result["headers"] == {}


def test_the_deployed_function_of_the_cdn_module_is_interpretable():
    code = (REPO / "modules/cdn/functions/forwarded_host.js").read_text()
    result = CloudFrontFunction(code, name="forwarded-host").run(request_event())
    assert result["headers"]["x-forwarded-host"] == {"value": "shop.example.com"}


def test_responses_logic_and_delete():
    code = """
    function handler(event) {
      const req = event.request;
      delete req.headers['x-secret'];
      if (!req.headers.authorization && req.uri === '/admin') {
        return { statusCode: 401, statusDescription: 'Unauthorized',
                 headers: { 'www-authenticate': { value: 'Basic' } } };
      }
      req.uri = req.uri || '/';
      return req;
    }
    """
    fn = CloudFrontFunction(code)
    denied = fn.run(request_event(uri="/admin", headers=[("x-secret", "1")]))
    assert denied == {
        "statusCode": 401,
        "statusDescription": "Unauthorized",
        "headers": {"www-authenticate": {"value": "Basic"}},
    }
    passed = fn.run(request_event(uri="/shop", headers=[("x-secret", "1")]))
    assert (passed["uri"], passed["headers"]) == ("/shop", {})


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("function handler(event) { for (;;) {} }", "'for' is not supported"),
        ("function handler(event) { return event.request.uri.toLowerCase(); }", "calls"),
        ("var x = 1;", "only function declarations"),
        ("function other(event) { return event; }", "no handler"),
        ("function handler(event) {\n  return `tpl`;\n}", "line 2"),
    ],
)
def test_code_outside_the_subset_is_refused_when_loaded(code, message):
    with pytest.raises(UnsupportedFunction, match=message):
        CloudFrontFunction(code)


def test_runtime_errors_are_reported_like_javascripts():
    fn = CloudFrontFunction("function handler(event) { return event.request.nope.value; }")
    with pytest.raises(FunctionRuntimeError, match="TypeError: cannot read property 'value'"):
        fn.run(request_event())
    with pytest.raises(FunctionRuntimeError, match="ReferenceError: missing"):
        CloudFrontFunction("function handler(event) { return missing; }").run(request_event())
