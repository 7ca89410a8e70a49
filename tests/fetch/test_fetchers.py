"""Fetchers against recorded API responses replayed on loopback: paging, caps, errors, retries, cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.core.errors import FetchError
from graphkit.extract import extract
from graphkit.fetch.client import HttpClient
from graphkit.fetch.sources import S2_FIELDS, S2_LINK_FIELDS, fetch_arxiv, fetch_openalex, fetch_s2_paper
from tests.fetch.replay import replay_server


class FakeTime:
    """Records sleeps instead of sleeping."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def _client(tmp_path: Path, fake: FakeTime, cache: bool = False) -> HttpClient:
    return HttpClient(cache_dir=tmp_path / "cache" if cache else None, sleep=fake.sleep, clock=fake.clock)


@pytest.fixture(scope="module")
def arxiv_routes(shared_data: Path):  # type: ignore[no-untyped-def]
    recorded = {}
    for path in (shared_data / "arxiv-api-atom" / "arxivpy-fixtures-json").glob("*.json"):
        item = json.loads(path.read_text("utf-8"))
        query = dict(kv.split("=", 1) for kv in item["url"].split("?", 1)[1].split("&"))
        key = (query["search_query"], query["id_list"].replace("%2C", ",").replace("%2F", "/"), query["start"],
               query["max_results"])  # fmt: skip
        recorded[key] = (item["status_code"], item["body"], {"Content-Type": "application/atom+xml"})

    def route(_path: str, q: dict[str, str]):  # type: ignore[no-untyped-def]
        return recorded.get((q.get("search_query", ""), q.get("id_list", ""), q.get("start"), q.get("max_results")))

    return route


def test_arxiv_paging_rate_limit_and_cap(arxiv_routes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = FakeTime()
    with replay_server(arxiv_routes) as (base, log):
        files = fetch_arxiv(_client(tmp_path, fake), tmp_path / "pages", query="testing", max_results=60, page_size=10,
                            base_url=base)  # fmt: skip
    assert len(files) == 6 and len(log) == 6
    assert [f"start={s}" in entry for s, entry in zip(range(0, 60, 10), log, strict=True)] == [True] * 6
    assert fake.sleeps == [3.0] * 5  # one request every 3 seconds
    assert len(extract(tmp_path / "pages").papers) == 60


def test_arxiv_error_and_empty_results(arxiv_routes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with replay_server(arxiv_routes) as (base, _):
        with pytest.raises(FetchError, match="arXiv refused the query: incorrect id format for abc"):
            fetch_arxiv(_client(tmp_path, FakeTime()), tmp_path / "err", id_list="abc", base_url=base)
        assert fetch_arxiv(_client(tmp_path, FakeTime()), tmp_path / "none", id_list="0000.0000", base_url=base) == []


def test_retries_with_backoff_then_cache(tmp_path: Path) -> None:
    calls = {"n": 0}

    def flaky(_path: str, _q: dict[str, str]):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            return 429, "slow down", {"Retry-After": "7"}
        if calls["n"] == 2:
            return 503, "busy", {}
        return 200, json.dumps({"ok": True}), {}

    fake = FakeTime()
    with replay_server(flaky) as (base, log):
        client = _client(tmp_path, fake, cache=True)
        assert client.get(base + "/x").json() == {"ok": True}
        again = client.get(base + "/x")
    assert fake.sleeps == [7.0, 2.0] and len(log) == 3
    assert again.cached and again.json() == {"ok": True}


def test_gives_up_with_a_clear_error(tmp_path: Path) -> None:
    with replay_server(lambda _p, _q: (500, "down", {})) as (base, log):
        client = HttpClient(cache_dir=None, max_retries=2, sleep=FakeTime().sleep)
        with pytest.raises(FetchError, match="HTTP 500 after retries"):
            client.get(base + "/works")
    assert len(log) == 3


def test_openalex_cursor_paging_and_cap(shared_data: Path, tmp_path: Path) -> None:
    works = json.loads((shared_data / "openalex" / "works_page1_per25.json").read_text("utf-8"))["results"]
    pages = {"*": (works[:10], "c2"), "c2": (works[10:20], "c3"), "c3": (works[20:], None)}

    def route(path: str, q: dict[str, str]):  # type: ignore[no-untyped-def]
        if path != "/works" or q.get("cursor") not in pages:
            return None
        results, following = pages[q["cursor"]]
        return 200, json.dumps({"meta": {"next_cursor": following}, "results": results[: int(q["per-page"])]}), {}

    with replay_server(route) as (base, log):
        count = fetch_openalex(_client(tmp_path, FakeTime()), tmp_path / "w.jsonl", per_page=10, base_url=base)
        assert count == 25 and len(log) == 3
        capped = fetch_openalex(_client(tmp_path, FakeTime()), tmp_path / "c.jsonl", max_results=15, per_page=10,
                                base_url=base)  # fmt: skip
    assert capped == 15
    assert len(extract(tmp_path / "w.jsonl").papers) == 25


def test_s2_paper_with_paged_references(shared_data: Path, tmp_path: Path) -> None:
    cassette = yaml.safe_load((shared_data / "semantic-scholar" / "test_get_paper_references.yaml").read_text("utf-8"))
    pages = {}
    for interaction in cassette["interactions"]:
        offset = interaction["request"]["uri"].split("offset=")[1].split("&")[0]
        pages[offset] = interaction["response"]["body"]["string"]
    focal = {"paperId": "a" * 40, "title": "Focal paper", "externalIds": {"DOI": "10.2139/ssrn.2250500"}}

    def route(path: str, q: dict[str, str]):  # type: ignore[no-untyped-def]
        if path.endswith("/references"):
            return (200, pages[q["offset"]], {}) if q["offset"] in pages else None
        if path.endswith("/citations"):
            return 200, json.dumps({"offset": 0, "data": []}), {}
        return 200, json.dumps(focal), {}

    def check(path: str, q: dict[str, str]) -> str | None:
        # The recording asked for titles alone; what graphkit asks must bring each linked paper's ids and authors.
        wanted = S2_LINK_FIELDS if path.endswith(("/references", "/citations")) else S2_FIELDS
        fields = set(q.get("fields", "").split(","))
        if not {"externalIds", "authors"} <= fields or fields != set(wanted.split(",")):
            return f"fields={q.get('fields')!r}, expected {wanted!r}"
        if path.endswith(("/references", "/citations")) and not ({"offset", "limit"} <= set(q)):
            return "a page request without offset and limit"
        return None

    with replay_server(route, check) as (base, _):
        counts = fetch_s2_paper(_client(tmp_path, FakeTime()), "DOI:10.2139/ssrn.2250500", tmp_path / "p.json",
                                page_size=50, base_url=base)  # fmt: skip
    items = [item["citedPaper"] for p in pages.values() for item in json.loads(p)["data"]]
    assert counts == {"references": len(items), "citations": 0}
    # S2 lists references it could not match with a null paperId: they carry no id to link to.
    expected = len({i["paperId"] for i in items if i.get("paperId")})
    from graphkit.store.build import build_graph

    graph = build_graph([tmp_path / "p.json"])
    assert len(graph.cites) == expected  # every reference is an edge from the focal paper


def test_cli_fetch_arxiv_then_build(arxiv_routes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with replay_server(arxiv_routes) as (base, _):
        result = CliRunner().invoke(main, ["fetch", "arxiv", "--ids", "astro-ph/0601001", "-o", str(tmp_path / "a"),
                                           "--no-cache", "--base-url", base])  # fmt: skip
        assert result.exit_code == 0, result.output
        refused = CliRunner().invoke(main, ["fetch", "arxiv", "--ids", "abc", "-o", str(tmp_path / "b"), "--no-cache",
                                            "--base-url", base])  # fmt: skip
    assert "1 page(s)" in result.output
    assert (
        refused.exit_code == 2 and "incorrect id format for abc" in refused.output and "Traceback" not in refused.output
    )
    assert [p.ids.arxiv for p in extract(tmp_path / "a").papers] == ["astro-ph/0601001"]


def test_no_reply_says_why_dns_or_refused_not_that_the_api_refused(tmp_path: Path) -> None:
    fake = FakeTime()
    client = HttpClient(sleep=fake.sleep, clock=fake.clock, max_retries=1)
    # .invalid never resolves (RFC 6761); port 9 on the loopback has no server: no network is needed for either.
    with pytest.raises(FetchError, match=r"host name could not be resolved \(DNS") as unresolved:
        fetch_arxiv(client, tmp_path / "a", query="x", base_url="http://graphkit-test.invalid/api/query")
    assert "arXiv refused" not in str(unresolved.value) and unresolved.value.status is None
    with pytest.raises(FetchError, match="the server refused the connection") as refused:
        fetch_arxiv(client, tmp_path / "b", query="x", base_url="http://127.0.0.1:9/api/query")
    assert "arXiv refused" not in str(refused.value)
