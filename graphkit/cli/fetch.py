"""``graphkit fetch``: paging through the arXiv, OpenAlex and Semantic Scholar APIs into files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from graphkit.cli.app import (
    main,
)
from graphkit.fetch.client import DEFAULT_CACHE, HttpClient
from graphkit.fetch.sources import ARXIV_API, OPENALEX_API, S2_API, fetch_arxiv, fetch_openalex, fetch_s2_paper

__all__ = ["fetch", "fetch_arxiv_command", "fetch_openalex_command", "fetch_s2_command"]


@main.group()
def fetch() -> None:
    """Download metadata from arXiv, OpenAlex or Semantic Scholar into files `graphkit build` reads.

    Every fetcher stops at --max results, retries 429 and 5xx replies with backoff, and keeps
    replies in an on-disk cache (--cache) so that an interrupted fetch resumes where it stopped.
    """


def _client_options(function: Any) -> Any:
    function = click.option("--max", "max_results", type=click.IntRange(min=1), default=1000, show_default=True,
                            help="Hard cap on the results fetched.")(function)  # fmt: skip
    function = click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                            help="Reply cache folder (default: ~/.cache/graphkit/http).")(function)  # fmt: skip
    function = click.option("--no-cache", is_flag=True, help="Neither read nor write the reply cache.")(function)
    return click.option("--base-url", default=None, help="API address (for mirrors and tests).")(function)


def _client(cache: Path | None, no_cache: bool) -> HttpClient:
    return HttpClient(cache_dir=None if no_cache else (cache or DEFAULT_CACHE))


@fetch.command(name="arxiv")
@click.option("--query", default="", help="arXiv search query, e.g. 'cat:cs.LG AND ti:transformer'.")
@click.option("--ids", default="", help="Comma-separated arXiv ids.")
@click.option(
    "-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder for the pages."
)
@click.option("--page-size", type=click.IntRange(1, 2000), default=100, show_default=True)
@_client_options
def fetch_arxiv_command(query: str, ids: str, out: Path, page_size: int, max_results: int, cache: Path | None,
                        no_cache: bool, base_url: str | None) -> None:  # fmt: skip
    """Page through an arXiv API query (one request every 3 seconds, as arXiv asks)."""
    if not query and not ids:
        raise click.UsageError("give --query or --ids")
    client = _client(cache, no_cache)
    files = fetch_arxiv(client, out, query=query, id_list=ids, max_results=max_results, page_size=page_size,
                        base_url=base_url or ARXIV_API)  # fmt: skip
    click.echo(f"graphkit fetch arxiv: {len(files)} page(s) -> {out} ({client.requests_sent} request(s))", err=True)


@fetch.command(name="openalex")
@click.option(
    "--filter", "filter_", default="", help="OpenAlex filter, e.g. 'concepts.id:C154945302,publication_year:2023'."
)
@click.option("--search", default="", help="Full-text search.")
@click.option("--mailto", default="", help="Your e-mail, for OpenAlex's polite pool.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON Lines file.")
@_client_options
def fetch_openalex_command(filter_: str, search: str, mailto: str, out: Path, max_results: int, cache: Path | None,
                           no_cache: bool, base_url: str | None) -> None:  # fmt: skip
    """Cursor-page through OpenAlex works (no 10,000-result ceiling)."""
    client = _client(cache, no_cache)
    count = fetch_openalex(client, out, filter=filter_, search=search, mailto=mailto, max_results=max_results,
                           base_url=base_url or OPENALEX_API)  # fmt: skip
    click.echo(f"graphkit fetch openalex: {count} works -> {out} ({client.requests_sent} request(s))", err=True)


@fetch.command(name="s2")
@click.argument("paper_id")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON file.")
@click.option("--references/--no-references", default=True)
@click.option("--citations/--no-citations", default=True)
@_client_options
def fetch_s2_command(paper_id: str, out: Path, references: bool, citations: bool, max_results: int,
                     cache: Path | None, no_cache: bool, base_url: str | None) -> None:  # fmt: skip
    """Fetch a Semantic Scholar paper with its references and citations (PAPER_ID: S2 id, DOI:…, ARXIV:…)."""
    client = _client(cache, no_cache)
    counts = fetch_s2_paper(client, paper_id, out, references=references, citations=citations,
                            max_results=max_results, base_url=base_url or S2_API)  # fmt: skip
    found = ", ".join(f"{n} {k}" for k, n in counts.items()) or "no links"
    click.echo(f"graphkit fetch s2: {paper_id} with {found} -> {out} ({client.requests_sent} request(s))", err=True)
