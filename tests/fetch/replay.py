"""A local HTTP server that replays recorded API responses (loopback only, no internet)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

Route = Callable[[str, dict[str, str]], tuple[int, str, dict[str, str]] | None]


@contextmanager
def replay_server(route: Route) -> Iterator[tuple[str, list[str]]]:
    """Serve ``route(path, query) -> (status, body, headers)``; yield the base URL and the request log."""
    log: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            log.append(self.path)
            answer = route(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)))
            status, body, headers = answer or (404, "no recording for this request", {})
            data = body.encode("utf-8")
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
