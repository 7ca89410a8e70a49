"""The HTTP client every fetcher shares: rate limits, retries with backoff, and an on-disk cache.

* **Rate limit**: a minimum interval between requests to one host (arXiv asks for one request
  every 3 seconds).
* **Retries**: 429 and 5xx replies and connection failures are retried with exponential backoff
  (1, 2, 4, … seconds, or the server's ``Retry-After``), up to ``max_retries`` times; then a
  :class:`~graphkit.core.errors.FetchError` names the URL, the status and what to do.
* **Cache**: successful replies are stored under ``cache_dir`` keyed by the full URL, so an
  interrupted fetch resumes without asking the server again and results are reproducible.

``sleep`` and ``clock`` are injectable so that tests run without waiting.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

from graphkit import __version__
from graphkit.core.errors import FetchError

__all__ = ["DEFAULT_CACHE", "HttpClient", "Reply"]

DEFAULT_CACHE = Path.home() / ".cache" / "graphkit" / "http"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Reply:
    """A reply: status, body text, and whether it came from the cache."""

    url: str
    status: int
    text: str
    cached: bool = False

    def json(self) -> object:
        """The body parsed as JSON."""
        return json.loads(self.text)


@dataclass
class HttpClient:
    """A small polite HTTP client (see the module notes)."""

    cache_dir: Path | None = DEFAULT_CACHE
    min_interval: dict[str, float] = field(default_factory=dict)
    max_retries: int = 5
    backoff: float = 1.0
    timeout: float = 60.0
    headers: dict[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests_sent: int = 0
    _last: dict[str, float] = field(default_factory=dict)
    _client: httpx.Client | None = None

    def get(self, url: str, params: dict[str, str | int] | None = None) -> Reply:
        """GET ``url`` with ``params``; raise :class:`FetchError` for any reply but 200."""
        full = url + ("?" + urlencode(params) if params else "")
        cached = self._from_cache(full)
        if cached is not None:
            return cached
        for attempt in range(self.max_retries + 1):
            self._wait_for_turn(full)
            try:
                response = self._http().get(full)
            except httpx.TransportError as e:
                if attempt == self.max_retries:
                    raise FetchError(f"{full}: {transport_problem(e)}") from e
                self.sleep(self.backoff * 2**attempt)
                continue
            if response.status_code in _RETRY_STATUSES and attempt < self.max_retries:
                self.sleep(_retry_after(response) or self.backoff * 2**attempt)
                continue
            reply = Reply(full, response.status_code, response.text)
            if reply.status != 200:
                raise FetchError(
                    f"{full}: HTTP {reply.status}" + (" after retries" if reply.status in _RETRY_STATUSES else "")
                    + f": {reply.text.strip()[:300]}",
                    status=reply.status,
                    body=reply.text,
                )  # fmt: skip
            self._store(reply)
            return reply
        raise FetchError(f"{full}: gave up after {self.max_retries} retries")  # pragma: no cover - loop returns

    def close(self) -> None:
        """Close the connection pool."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            headers = {"User-Agent": f"graphkit/{__version__} (+https://github.com/graphkit)", **self.headers}
            self._client = httpx.Client(timeout=self.timeout, headers=headers, follow_redirects=True)
        return self._client

    def _wait_for_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        interval = self.min_interval.get(host, 0.0)
        last = self._last.get(host)
        if last is not None and interval:
            wait = interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()
        self.requests_sent += 1

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def _from_cache(self, url: str) -> Reply | None:
        path = self._cache_path(url)
        if path is None or not path.is_file():
            return None
        stored = json.loads(path.read_text("utf-8"))
        return Reply(stored["url"], stored["status"], stored["text"], cached=True)

    def _store(self, reply: Reply) -> None:
        path = self._cache_path(reply.url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"url": reply.url, "status": reply.status, "text": reply.text}), "utf-8")
        temporary.replace(path)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


_DNS_FAILURES = ("name or service not known", "temporary failure in name resolution", "nodename nor servname",
                 "no address associated", "getaddrinfo failed", "name resolution")  # fmt: skip


def transport_problem(error: httpx.TransportError) -> str:
    """What went wrong before any reply came, in words that say what to check.

    Examples
    --------
    >>> transport_problem(httpx.ConnectError("[Errno -3] Temporary failure in name resolution"))[:45]
    'the host name could not be resolved (DNS: [Er'
    >>> transport_problem(httpx.ConnectError("[Errno 111] Connection refused"))
    'the server refused the connection ([Errno 111] Connection refused); check the address and port, or try later'
    """
    text = str(error) or type(error).__name__
    lowered = text.lower()
    if isinstance(error, httpx.TimeoutException):
        return f"no reply in time ({text}); the server is slow or unreachable: try later or raise the timeout"
    if any(marker in lowered for marker in _DNS_FAILURES):
        return (f"the host name could not be resolved (DNS: {text}); check the network, a proxy ($HTTPS_PROXY) "
                "or the address")  # fmt: skip
    if "refused" in lowered:
        return f"the server refused the connection ({text}); check the address and port, or try later"
    return f"no connection ({text}); check the network and try again"
