"""The local edge's HTTP server: plain HTTP/1.1 on loopback, one thread per connection."""

from __future__ import annotations

import http.server
import logging
import socketserver
import threading
from typing import Any

from localcloud.apigateway.events import HttpResponse
from localcloud.cloudfront.edge import Edge, ViewerRequest
from localcloud.cloudfront.errors import base64_id, error_page

log = logging.getLogger(__name__)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CloudFront"
    sys_version = ""
    edge: Edge  # set on the subclass made by make_server()

    def version_string(self) -> str:
        return "CloudFront"

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except ValueError as exc:
            self._write(error_page(400, str(exc), base64_id()))
            return
        request = ViewerRequest(
            method=self.command,
            target=self.path,
            headers=list(self.headers.items()),
            body=body,
            client_ip=self.client_address[0],
            scheme="http",
            port=self.server.server_address[1],
            edge_ip=self.connection.getsockname()[0],
        )
        self._write(self.edge.handle(request))

    def _read_body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = self.headers.get("content-length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            raise ValueError("Content-Length is not a number.") from None
        if size < 0:
            raise ValueError("Content-Length is negative.")
        return self.rfile.read(size)

    def _write(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        length = str(len(response.body))
        for name, value in response.headers:
            if name.lower() == "content-length":
                if self.command == "HEAD":
                    length = value
                continue
            if name.lower() not in {"date", "server"}:
                self.send_header(name, value)
        self.send_header("Content-Length", length)
        self.end_headers()
        if self.command != "HEAD" and response.status not in {204, 304}:
            self.wfile.write(response.body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s - %s", self.address_string(), format % args)


class EdgeServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # CloudFront takes any burst a shop sees; a small listen backlog would reset connections first.
    request_queue_size = 1024


def make_server(edge: Edge, host: str, port: int) -> EdgeServer:
    handler = type("EdgeHandler", (_Handler,), {"edge": edge})
    return EdgeServer((host, port), handler)


def serve_in_thread(
    edge: Edge, host: str = "127.0.0.1", port: int = 0
) -> tuple[EdgeServer, threading.Thread]:
    """Start a server on a background thread (tests); port 0 picks a free port."""
    server = make_server(edge, host, port)
    thread = threading.Thread(target=server.serve_forever, name="edge", daemon=True)
    thread.start()
    return server, thread
