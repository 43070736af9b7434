"""Run by the TARGET interpreter: warm per-request cost, apig-wsgi handler vs a direct WSGI call.

Usage: python3.13 -I -B coldstart_warm.py TASK_ROOT RUNTIME_DIR REQUESTS < event.json
Prints one JSON object: per-request seconds for both paths, interleaved on the same view.
"""

import io
import json
import sys
import time


def main() -> None:
    task_root, runtime_dir, requests = sys.argv[1], sys.argv[2], int(sys.argv[3])
    # What the function prints (its per-request log lines) is the log's, as on Lambda; stdout
    # carries only the result.
    result, sys.stdout = sys.stdout, sys.stderr
    sys.path[:0] = [task_root, runtime_dir]
    event = json.load(sys.stdin)
    from django.core.wsgi import get_wsgi_application

    import lambda_handler

    application = get_wsgi_application()
    headers = event["headers"]
    environ_base = {
        "REQUEST_METHOD": event["requestContext"]["http"]["method"],
        "SCRIPT_NAME": "",
        "PATH_INFO": event["rawPath"],
        "QUERY_STRING": event["rawQueryString"],
        "SERVER_NAME": headers["host"],
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.10",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
    }
    statuses: list[str] = []

    def start_response(status, response_headers, exc_info=None):
        statuses.append(status)

    def direct() -> None:
        environ = dict(environ_base, **{"wsgi.input": io.BytesIO(b"")})
        body = application(environ, start_response)
        try:
            b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()

    def via_handler() -> None:
        response = lambda_handler.handler(event, None)
        if response["statusCode"] != 200:
            raise SystemExit(f"handler returned {response['statusCode']}: {response['body']}")

    for _ in range(20):  # warm both paths: connections, caches, lazy imports
        via_handler()
        direct()
    timings: dict[str, list[float]] = {"handler": [], "wsgi": []}
    for _ in range(requests):  # interleaved, so drift hits both alike
        for name, call in (("handler", via_handler), ("wsgi", direct)):
            started = time.perf_counter()
            call()
            timings[name].append(time.perf_counter() - started)
    if any(status != "200 OK" for status in statuses):
        raise SystemExit(f"direct WSGI call failed: {set(statuses)}")
    json.dump(timings, result)


if __name__ == "__main__":
    main()
