"""A local HTTP server that replays recorded API responses (loopback only, no internet)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

Route = Callable[[str, dict[str, str]], tuple[int, str, dict[str, str]] | None]
Check = Callable[[str, dict[str, str]], str | None]
"""``check(path, query)``: what is wrong with a request's parameters (``None``: nothing)."""


@contextmanager
def replay_server(route: Route, check: Check | None = None) -> Iterator[tuple[str, list[str]]]:
    """Serve ``route(path, query) -> (status, body, headers)``; yield the base URL and the request log.

    Every request's parameters go through ``check`` first: a wrong one is answered 400, and leaving the
    ``with`` block raises ``AssertionError`` naming every wrong request, whatever the code under test did with
    the 400 (so a fetcher that asks for the wrong fields fails its test even where the recording would serve it).
    """
    log: list[str] = []
    wrong: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            log.append(self.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True))
            problem = check(parts.path, query) if check is not None else None
            if problem is not None:
                wrong.append(f"{self.path}: {problem}")
                answer: tuple[int, str, dict[str, str]] | None = (400, problem, {})
            else:
                answer = route(parts.path, query)
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
    assert not wrong, "requests with wrong parameters:\n" + "\n".join(wrong)
