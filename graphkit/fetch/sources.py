"""The three fetchers. Each pages through an API up to a hard cap and writes files that the
matching extractor reads: arXiv Atom pages, OpenAlex works as JSON Lines, a Semantic Scholar
paper with its references and citations as one JSON document."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graphkit.core.errors import FetchError
from graphkit.fetch.client import HttpClient

__all__ = [
    "ARXIV_API", "OPENALEX_API", "S2_API", "S2_FIELDS", "S2_LINK_FIELDS", "fetch_arxiv", "fetch_openalex",
    "fetch_s2_paper",
]  # fmt: skip

ARXIV_API = "https://export.arxiv.org/api/query"
OPENALEX_API = "https://api.openalex.org"
S2_API = "https://api.semanticscholar.org/graph/v1"
ARXIV_INTERVAL_S = 3.0  # arXiv's published limit: one request every three seconds
_ATOM = "{http://www.w3.org/2005/Atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
S2_LINK_FIELDS = "paperId,externalIds,title,year,authors"
"""What is asked of each reference and citation: its ids (DOI, arXiv, DBLP …) link it to the papers graphkit
already holds, its authors make it a paper of the graph, not a title alone."""
S2_FIELDS = "paperId,externalIds,title,abstract,venue,year,publicationDate,authors,citationCount,s2FieldsOfStudy"


def fetch_arxiv(
    client: HttpClient,
    out_dir: Path,
    *,
    query: str = "",
    id_list: str = "",
    max_results: int = 1000,
    page_size: int = 100,
    base_url: str = ARXIV_API,
) -> list[Path]:
    """Page through an arXiv API query, writing one Atom file per page; return the files.

    Stops at ``max_results`` entries, at the reported total, or at an empty page. An API error
    (HTTP 400 with an error entry) raises :class:`FetchError` with the API's message.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    client.min_interval.setdefault(_host(base_url), ARXIV_INTERVAL_S)
    written: list[Path] = []
    start = 0
    while start < max_results:
        size = min(page_size, max_results - start)
        params: dict[str, str | int] = {"search_query": query, "id_list": id_list, "sortBy": "relevance",
                                        "sortOrder": "descending", "start": start, "max_results": size}  # fmt: skip
        try:
            reply = client.get(base_url, params)
        except FetchError as e:
            if e.status is None:
                raise  # no reply at all (DNS, connection, timeout): the client's message says which
            raise FetchError(f"arXiv refused the query: {_arxiv_error(e.body or str(e))}", e.status, e.body) from e
        root = ET.fromstring(reply.text)
        entries = root.findall(f"{_ATOM}entry")
        if not entries:
            break
        path = out_dir / f"arxiv-{start:06d}.xml"
        path.write_text(reply.text, "utf-8")
        written.append(path)
        total = int(root.findtext(f"{_OPENSEARCH}totalResults") or 0)
        start += len(entries)
        if start >= total or len(entries) < size:
            break
    return written


def _arxiv_error(message: str) -> str:
    summary = re.search(r"<summary>(.*?)</summary>", message, re.DOTALL)
    return summary[1].strip() if summary else message


def fetch_openalex(
    client: HttpClient,
    out_file: Path,
    *,
    filter: str = "",
    search: str = "",
    max_results: int = 1000,
    per_page: int = 200,
    mailto: str = "",
    base_url: str = OPENALEX_API,
) -> int:
    """Cursor-page through ``/works``, writing each work as one JSON line; return how many.

    OpenAlex stops basic paging at 10,000 results; cursor paging has no such limit, so graphkit
    always uses it and stops only at ``max_results`` or the last page.
    """
    out_file.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    cursor: str | None = "*"
    with out_file.open("w", encoding="utf-8") as handle:
        while cursor and count < max_results:
            params: dict[str, str | int] = {"per-page": min(per_page, max_results - count), "cursor": cursor}
            params.update({k: v for k, v in (("filter", filter), ("search", search), ("mailto", mailto)) if v})
            page = client.get(f"{base_url}/works", params).json()
            assert isinstance(page, dict)
            results = page.get("results") or []
            for work in results[: max_results - count]:
                handle.write(json.dumps(work) + "\n")
                count += 1
            cursor = (page.get("meta") or {}).get("next_cursor") if results else None
    return count


def fetch_s2_paper(
    client: HttpClient,
    paper_id: str,
    out_file: Path,
    *,
    references: bool = True,
    citations: bool = True,
    max_results: int = 1000,
    page_size: int = 100,
    base_url: str = S2_API,
) -> dict[str, int]:
    """Fetch a paper and page through its references and citations into one JSON document.

    The document has the shape of a ``/paper`` reply with ``references`` and ``citations``, so the
    ``s2`` extractor turns both into citation edges. Returns the counts fetched.
    """
    paper = client.get(f"{base_url}/paper/{paper_id}", {"fields": S2_FIELDS}).json()
    assert isinstance(paper, dict)
    counts = {}
    for wanted, relation, key in ((references, "references", "citedPaper"), (citations, "citations", "citingPaper")):
        if wanted:
            items = list(_s2_pages(client, f"{base_url}/paper/{paper_id}/{relation}", key, max_results, page_size))
            paper[relation] = items
            counts[relation] = len(items)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(paper), "utf-8")
    return counts


def _s2_pages(client: HttpClient, url: str, key: str, max_results: int, page_size: int) -> Iterator[dict[str, Any]]:
    offset: int | None = 0
    fetched = 0
    while offset is not None and fetched < max_results:
        page = client.get(
            url, {"fields": S2_LINK_FIELDS, "offset": offset, "limit": min(page_size, max_results - fetched)}
        ).json()
        assert isinstance(page, dict)
        data = page.get("data") or []
        for item in data:
            if fetched >= max_results:
                return
            paper = item.get(key)
            if paper:
                fetched += 1
                yield paper
        offset = page.get("next") if data else None


def _host(url: str) -> str:
    return urlsplit(url).netloc
