"""The ``graphkit`` command line.

Every command turns a :class:`~graphkit.errors.GraphkitError` into one line on standard error
and a non-zero exit status; tracebacks are reserved for bugs.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import IO, Any

import click

from graphkit import __version__
from graphkit.analysis.network import network_stats, read_edge_list
from graphkit.analysis.recommend import METHODS, recommend
from graphkit.build import BuildResult, analyze_store, build, load_stored_graph
from graphkit.errors import GraphkitError
from graphkit.extractors import FORMATS, iter_records
from graphkit.fetch.client import DEFAULT_CACHE, HttpClient
from graphkit.fetch.sources import ARXIV_API, OPENALEX_API, S2_API, fetch_arxiv, fetch_openalex, fetch_s2_paper
from graphkit.lookup import find_author
from graphkit.models import FileReport
from graphkit.paths import NoPathError, collaborator_paths, find_stored_author
from graphkit.queries import MAX_HOPS, load_queries, run_query
from graphkit.settings import Settings
from graphkit.stats import graph_stats
from graphkit.stores.embedded import DEFAULT_BATCH_SIZE, EmbeddedStore
from graphkit.stores.loader import DEFAULT_BATCH_SIZE as LOAD_BATCH_SIZE
from graphkit.stores.loader import load_rows, neo4j_schema_statements, stored_rows

__all__ = ["main"]

EXIT_INPUT_ERROR = 2


class _Group(click.Group):
    """A click group that prints graphkit's own errors as one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GraphkitError as e:
            click.echo(f"graphkit: error: {e}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)


def _parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from e


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="graphkit")
def main() -> None:
    """Turn scholarly metadata into a citation and coauthor knowledge graph."""


_FORMAT_HELP = "Input format, or 'auto' to detect each file's format. " + "; ".join(
    f"{name}: {cls.description}" for name, cls in FORMATS.items()
)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write JSON Lines here (default: stdout)."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help=_FORMAT_HELP,
)
@click.option(
    "--as-of", callback=_parse_day, help="Day the pages were captured (YYYY-MM-DD), for dates printed without a year."
)
@click.option("--strict", is_flag=True, help="Fail on the first malformed entry instead of skipping and reporting it.")
def extract(
    paths: tuple[Path, ...], output: Path | None, format_name: str, as_of: dt.date | None, strict: bool
) -> None:
    """Extract typed records from PATHS (files or folders) as JSON Lines.

    One JSON object per line: papers ("kind": "paper") and author profiles
    ("kind": "author_profile"). A summary of records per file, and of every skipped entry with
    its file, line and reason, goes to standard error.
    """
    reports: list[FileReport] = []
    stream: IO[str]
    with output.open("w", encoding="utf-8") if output else _stdout() as stream:
        for record in iter_records(paths, format=format_name, as_of=as_of, strict=strict, reports=reports):
            stream.write(record.model_dump_json(exclude_none=True))
            stream.write("\n")
    _print_summary(reports, output)


class _stdout:  # noqa: N801 - used like a file-opening function in a with statement
    def __enter__(self) -> IO[str]:
        return sys.stdout

    def __exit__(self, *_exc: object) -> None:
        sys.stdout.flush()


def _print_summary(reports: list[FileReport], output: Path | None) -> None:
    total_records = sum(r.records for r in reports)
    click.echo(
        f"graphkit extract: {total_records} records from {len(reports)} file(s)" + (f" -> {output}" if output else ""),
        err=True,
    )
    _print_file_reports(reports)


_MAX_FILE_LINES = 20


def _print_file_reports(reports: list[FileReport]) -> None:
    """One line per file (or per format when there are many files); every skip and warning in full."""
    total_skipped = sum(len(r.skipped) for r in reports)
    if len(reports) <= _MAX_FILE_LINES:
        for report in reports:
            click.echo(f"  {report.source} [{report.format}]: {_counts(report)}", err=True)
            _print_problems(report)
    else:
        by_format: dict[str, FileReport] = {}
        for report in reports:
            total = by_format.setdefault(report.format, FileReport(source="", format=report.format))
            total.papers += report.papers
            total.profiles += report.profiles
            total.citations += report.citations
            total.records += 1  # counts files here
            total.skipped.extend(report.skipped)
        for fmt, total in by_format.items():
            files, total.records = total.records, 0
            click.echo(f"  {files} file(s) [{fmt}]: {_counts(total)}", err=True)
        for report in reports:
            _print_problems(report)
    if total_skipped:
        click.echo(f"{total_skipped} entries skipped (listed above); --strict makes them errors.", err=True)


def _counts(report: FileReport) -> str:
    parts = [f"{report.papers} papers"]
    if report.profiles:
        parts.append(f"{report.profiles} author profile(s)")
    if report.citations:
        parts.append(f"{report.citations} citations")
    parts.append(f"{len(report.skipped)} skipped")
    return ", ".join(parts)


def _print_problems(report: FileReport) -> None:
    for skipped in report.skipped:
        click.echo(f"    skipped {skipped.location()}: {skipped.reason}", err=True)
    for warning in report.warnings:
        click.echo(f"    warning: {warning}", err=True)


def _db_option(function: Any) -> Any:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Embedded graph database file (default: $GRAPHKIT_DB, else ./graphkit.lbdb).",
    )(function)


def _neo4j_options(function: Any) -> Any:
    """``--neo4j`` and its connection flags; each flag overrides its environment variable."""
    options = [
        click.option("--neo4j", "use_neo4j", is_flag=True, help="Also load the graph into Neo4j (see .env.example)."),
        click.option("--neo4j-uri", help="Default: $NEO4J_URI, else bolt://localhost:7687."),
        click.option("--neo4j-user", help="Default: $NEO4J_USER, else neo4j."),
        click.option("--neo4j-password", help="Default: $NEO4J_PASSWORD (prefer the variable: flags show in `ps`)."),
        click.option("--neo4j-database", help="Default: $NEO4J_DATABASE, else neo4j."),
        click.option(
            "--neo4j-batch-size",
            type=click.IntRange(min=1),
            default=LOAD_BATCH_SIZE,
            show_default=True,
            help="Rows per UNWIND transaction.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _load_into_neo4j(db: Path, connection: dict[str, Any], show: bool) -> None:
    """Load the embedded store's graph (metrics included) into Neo4j and print what was written."""
    from graphkit.stores.neo4j import Neo4jRunner

    settings = Settings.from_env()
    updates = {f"neo4j_{key}": value for key, value in connection.items() if key != "batch_size" and value}
    runner = Neo4jRunner.from_env(settings.model_copy(update=updates))
    with runner, EmbeddedStore(db, read_only=True) as store, _ProgressBar(enabled=show) as bar:
        nodes, rels = stored_rows(store)
        summary = load_rows(
            runner, nodes, rels, batch_size=connection["batch_size"],
            schema_statements=neo4j_schema_statements(), progress=bar.update,
        )  # fmt: skip
    click.echo(f"graphkit: loaded into Neo4j at {runner.uri} (database {runner.database}): {summary.line()}", err=True)


def _neo4j_connection(kwargs: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    use = kwargs.pop("use_neo4j")
    connection = {key.removeprefix("neo4j_"): kwargs.pop(key) for key in list(kwargs) if key.startswith("neo4j_")}
    return use, connection


@main.command(name="build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@_db_option
@click.option(
    "--overrides",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="TOML file of must-merge / must-not-merge decisions (default: $GRAPHKIT_OVERRIDES, else "
    "graphkit.overrides.toml beside the database if present).",
)
@click.option("--format", "format_name", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True)
@click.option("--as-of", callback=_parse_day, help="Capture day (YYYY-MM-DD) for dates printed without a year.")
@click.option("--strict", is_flag=True, help="Fail on the first malformed entry instead of skipping it.")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True)
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal)."
)
@_neo4j_options
def build_command(
    sources: tuple[Path, ...],
    db: Path | None,
    overrides: Path | None,
    format_name: str,
    as_of: dt.date | None,
    strict: bool,
    batch_size: int,
    progress: bool | None,
    **neo4j: Any,
) -> None:
    """Extract SOURCES, resolve who and what is the same, and write the graph to the embedded store.

    Building again from the same files leaves the same graph; building with new files merges
    them into what the database already holds.
    """
    settings = Settings.from_env()
    db = db or settings.db
    overrides = overrides or settings.overrides_for(db)
    show = sys.stderr.isatty() if progress is None else progress
    with _ProgressBar(enabled=show) as bar:
        result = build(
            sources, db, overrides=overrides, format=format_name, as_of=as_of, strict=strict,
            batch_size=batch_size, progress=bar.update,
        )  # fmt: skip
    _print_build_summary(result)
    use_neo4j, connection = _neo4j_connection(neo4j)
    if use_neo4j:
        _load_into_neo4j(db, connection, show)


class _ProgressBar:
    """A tqdm bar whose description follows the stage being worked on."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar: Any = None

    def __enter__(self) -> _ProgressBar:
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(unit=" rows", file=sys.stderr, leave=False)
        return self

    def update(self, stage: str, n: int) -> None:
        if self._bar is not None:
            self._bar.set_description(stage, refresh=False)
            self._bar.update(n)

    def __exit__(self, *_exc: object) -> None:
        if self._bar is not None:
            self._bar.close()


def _print_build_summary(result: BuildResult) -> None:
    click.echo(
        f"graphkit build: {result.records_read} records read from {len(result.files)} file(s)"
        + (f", {result.records_kept_from_store} kept from earlier builds" if result.records_kept_from_store else "")
        + f" -> {result.db}",
        err=True,
    )
    _print_file_reports(result.files)
    nodes = ", ".join(f"{result.written[k]} {k}" for k in ("Paper", "Author", "Institution", "Category"))
    edges = ", ".join(f"{n} {k}" for k, n in result.written.items() if k.isupper())
    click.echo(f"  graph: {nodes}", err=True)
    click.echo(f"  edges: {edges}", err=True)
    merged = ", ".join(f"{n} {entity}" for entity, n in sorted(result.merges.items())) or "none"
    apart = ", ".join(f"{n} {entity}" for entity, n in sorted(result.kept_apart.items())) or "none"
    click.echo(f"  merges: {merged}; kept apart: {apart} (see `graphkit merges`)", err=True)
    if result.overrides:
        click.echo(f"  overrides applied from {result.overrides}", err=True)


@main.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--network", is_flag=True, help="Network statistics of the coauthor graph (SNAP's figures).")
@click.option("--edge-list", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="With --network: read a SNAP-style edge list instead of the stored graph.")  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for sampled distances on large graphs.")
def stats(db: Path | None, as_json: bool, network: bool, edge_list: Path | None, seed: int) -> None:
    """Counts of every node and edge type, and coverage figures, of the stored graph."""
    if network:
        G = (
            read_edge_list(edge_list)
            if edge_list
            else load_stored_graph(db or Settings.from_env().db)[0].coauthor_graph()
        )
        figures_network = network_stats(G, seed=seed)
        if as_json:
            click.echo(figures_network.model_dump_json(indent=2))
            return
        click.echo(f"coauthor network{f' of {edge_list}' if edge_list else ''}")
        for name, value in figures_network.model_dump().items():
            shown = (
                f"{value:,.4f}"
                if isinstance(value, float)
                else (f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value)
            )
            click.echo(f"  {name.replace('_', ' '):<26} {shown}")
        return
    db = db or Settings.from_env().db
    with EmbeddedStore(db, read_only=True) as store:
        figures = graph_stats(store)
    if as_json:
        click.echo(figures.model_dump_json(indent=2))
        return
    click.echo(f"graph in {figures.db}")
    width = max(len(k) for k in figures.counts)
    for name, count in figures.counts.items():
        click.echo(f"  {name:<{width}}  {count:>9,}")
    click.echo("coverage")
    for name, cover in figures.coverage.items():
        click.echo(f"  {name:<34} {cover.count:>9,} of {cover.total:>9,}  ({cover.percent:5.1f}%)")


@main.command(name="analyze")
@_db_option
@click.option("--as-of", callback=_parse_day, help="Compute from the papers and citations dated up to this day.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for Louvain and sampled betweenness.")
@click.option(
    "--resolution", type=float, default=1.0, show_default=True, help="Louvain resolution (higher: smaller communities)."
)
@click.option(
    "--betweenness-samples",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Sampled sources for betweenness on graphs over 5,000 authors (fewer: faster, rougher).",
)
@_neo4j_options
def analyze_command(
    db: Path | None, as_of: dt.date | None, seed: int, resolution: float, betweenness_samples: int, **neo4j: Any
) -> None:
    """Compute influence, structure, community and citation metrics and write them back to the store."""
    db = db or Settings.from_env().db
    with _ProgressBar(enabled=sys.stderr.isatty()) as bar:
        result = analyze_store(db, as_of=as_of, seed=seed, resolution=resolution,
                               betweenness_samples=betweenness_samples, progress=bar.update)  # fmt: skip
    betweenness = (
        "exact" if result.betweenness_exact else f"estimated from {result.betweenness_samples} sampled sources"
    )
    click.echo(
        f"graphkit analyze: {result.authors} authors, {result.papers} papers, {result.communities} communities"
        + (f", as of {result.as_of}" if result.as_of else "") + f" -> {db} (betweenness {betweenness}, seed {seed})",
        err=True,
    )  # fmt: skip
    use_neo4j, connection = _neo4j_connection(neo4j)
    if use_neo4j:  # the write-back: metrics travel with the nodes through the same MERGE batches
        _load_into_neo4j(db, connection, sys.stderr.isatty())


@main.command(name="load")
@_db_option
@_neo4j_options
def load_command(db: Path | None, **neo4j: Any) -> None:
    """Load the graph of an embedded store (metrics included) into Neo4j: `graphkit load --neo4j`.

    Constraints and indexes first, then UNWIND batches that MERGE on keys: loading twice leaves the
    same graph, a new source merges into it, and an interrupted load completes when run again.
    """
    use_neo4j, connection = _neo4j_connection(neo4j)
    if not use_neo4j:
        raise click.UsageError("`graphkit load` writes to Neo4j: pass --neo4j (connection from NEO4J_URI etc.)")
    _load_into_neo4j(db or Settings.from_env().db, connection, sys.stderr.isatty())


@main.command(name="recommend")
@click.argument("name")
@_db_option
@click.option("-k", "top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--method", type=click.Choice(METHODS), default="resource_allocation", show_default=True)
def recommend_command(name: str, db: Path | None, top: int, method: str) -> None:
    """Suggest people NAME has not written with yet, with the shared coauthors behind each suggestion."""
    graph, _ = load_stored_graph(db or Settings.from_env().db)
    author = find_author(graph, name)
    suggestions = recommend(graph.coauthor_graph(), author.id, k=top, method=method)
    if not suggestions:
        click.echo(f"no suggestions for {author.name}: no coauthors of coauthors outside their circle")
    for rank, item in enumerate(suggestions, start=1):
        click.echo(f"{rank:>3}. {item.name}  score {item.score:.3f}  via {', '.join(item.shared_coauthors)}")


@main.command()
@_db_option
@click.option("--entity", type=click.Choice(["paper", "author", "institution"]), help="Only this entity type.")
@click.option("--kept-apart", is_flag=True, help="Only the decisions to keep mentions apart.")
def merges(db: Path | None, entity: str | None, kept_apart: bool) -> None:
    """List the resolution decisions of the last build, with their rules and evidence.

    To reverse one, add the pair to the overrides file (must_not_merge, or must_merge) and build again.
    """
    db = db or Settings.from_env().db
    with EmbeddedStore(db, read_only=True) as store:
        decisions = store.decisions()
    for d in decisions:
        if (entity and d.entity != entity) or (kept_apart and d.outcome != "kept apart"):
            continue
        target = f" -> {d.canonical_id}" if d.canonical_id else ""
        click.echo(f"{d.entity} {d.outcome}{target}: {' | '.join(d.labels)}")
        click.echo(f"    rule: {d.rule}; evidence: {d.evidence}")


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


def _parse_params(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write parameters as key=value")
        params[key.strip()] = value
    return params


_AUTHOR_PARAMS = ("author_id", "a", "b")


@main.command(name="query")
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, callback=_parse_params, help="key=value (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the queries with their parameters.")
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option("--neo4j", "use_neo4j", is_flag=True, help="Run on Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).")
@_db_option
def query_command(name: str | None, params: dict[str, str], list_queries: bool, output_format: str,
                  use_neo4j: bool, db: Path | None) -> None:  # fmt: skip
    """Run a query of the library (cypher/*.cypher) on the embedded store or on Neo4j.

    Author parameters (author_id, a, b) accept names, looked up forgivingly.
    """
    queries = load_queries()
    if list_queries or not name:
        for query in queries.values():
            args = ", ".join(p.name + ("" if p.required else f"={p.default!r}") for p in query.params)
            extra = ", ".join(f"{p}=…" for p in query.placeholders)
            click.echo(f"{query.name}({', '.join(x for x in (args, extra) if x)})\n    {query.description}")
        return
    with _runner(use_neo4j, db) as runner:
        dialect = "neo4j" if use_neo4j else "ladybug"
        for key in _AUTHOR_PARAMS:
            if key in params:
                params[key] = find_stored_author(runner, params[key], dialect=dialect).id
        rows = run_query(runner, name, params, dialect=dialect)
    _print_rows(rows, output_format)


@main.command(name="path")
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(1, MAX_HOPS), default=6, show_default=True)
@click.option("--all", "all_paths", is_flag=True, help="Every shortest chain, not just one.")
@click.option("--neo4j", "use_neo4j", is_flag=True, help="Run on Neo4j.")
@_db_option
def path_command(a: str, b: str, max_hops: int, all_paths: bool, use_neo4j: bool, db: Path | None) -> None:
    """The chain of coauthors from A to B, with the papers that link each hop."""
    with _runner(use_neo4j, db) as runner:
        try:
            results = collaborator_paths(runner, a, b, max_hops=max_hops, all_paths=all_paths,
                                         dialect="neo4j" if use_neo4j else "ladybug")  # fmt: skip
        except NoPathError as e:
            # Exit 1 like grep finding nothing: scripts can tell "no chain" from a result (0) and an error (2).
            click.echo(str(e))
            sys.exit(1)
    for number, result in enumerate(results, start=1):
        if len(results) > 1:
            click.echo(f"path {number} of {len(results)}:")
        click.echo(f"{len(result.hops)} hop(s): " + " – ".join(result.names))
        for hop in result.hops:
            titles = "; ".join(f"{p['title']} ({p['year'] or 'n.d.'})" for p in hop.papers[:3])
            more = f" and {len(hop.papers) - 3} more" if len(hop.papers) > 3 else ""
            click.echo(f"  {hop.source} – {hop.target}: {titles}{more}")


def _read_store(db: Path | None) -> EmbeddedStore:
    """The embedded store named by --db (else $GRAPHKIT_DB, else ./graphkit.lbdb), opened read-only."""
    return EmbeddedStore(db or Settings.from_env().db, read_only=True)


def _runner(use_neo4j: bool, db: Path | None) -> Any:
    if use_neo4j:
        from graphkit.stores.neo4j import Neo4jRunner

        return Neo4jRunner.from_env()
    return _read_store(db)


def _print_rows(rows: list[dict[str, Any]], output_format: str) -> None:
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    columns = list(rows[0]) if rows else []
    if output_format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[_cell(row[c]) for c in columns] for row in rows])
        return
    if not rows:
        click.echo("(no rows)")
        return
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    widths = [min(60, max(len(c), *(len(r[i]) for r in cells))) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row_cells in cells:
        click.echo("  ".join(v[:60].ljust(w) for v, w in zip(row_cells, widths, strict=True)))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


@main.group(name="export")
def export_group() -> None:
    """Write the graph as files other tools read."""


@export_group.command(name="neo4j-import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_db_option
@click.option("--database", default="neo4j", show_default=True, help="Neo4j database the command imports into.")
def export_neo4j_import_command(folder: Path, db: Path | None, database: str) -> None:
    """CSV files for `neo4j-admin database import full`, and the command to run (first loads of millions)."""
    from graphkit.export.neo4j_import import import_command, write_import_files

    with _read_store(db) as store:
        files = write_import_files(store, folder)
    counts = ", ".join(f"{n:,} {name}" for name, (_, n) in [*files.nodes.items(), *files.rels.items()] if n)
    click.echo(f"graphkit export neo4j-import: {counts} -> {folder}", err=True)
    click.echo(f"# with Neo4j stopped, from {folder} (copied into the server's import folder):")
    click.echo(import_command(files, database))


@export_group.command(name="rdf")
@_db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option("--format", "rdf_format", type=click.Choice(["turtle", "json-ld", "nt"]), default="turtle",
              show_default=True)  # fmt: skip
def export_rdf_command(db: Path | None, output: Path, rdf_format: str) -> None:
    """RDF in schema.org, Dublin Core, FOAF, SKOS, FaBiO and CiTO, with owl:sameAs links to external ids."""
    from graphkit.export.rdf import write_rdf

    with _read_store(db) as store:
        triples = write_rdf(store, output, rdf_format)
    click.echo(f"graphkit export rdf: {triples:,} triples ({rdf_format}) -> {output}", err=True)


@export_group.command(name="graphml")
@_db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option("--network", "kind", type=click.Choice(["coauthor", "citation"]), default="coauthor", show_default=True)
def export_graphml_command(db: Path | None, output: Path, kind: str) -> None:
    """The coauthor or citation network as GraphML, analytics as node attributes."""
    _export_network(db, output, kind, "graphml")


@export_group.command(name="gexf")
@_db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option("--network", "kind", type=click.Choice(["coauthor", "citation"]), default="coauthor", show_default=True)
def export_gexf_command(db: Path | None, output: Path, kind: str) -> None:
    """The coauthor or citation network as GEXF for Gephi, analytics as node attributes."""
    _export_network(db, output, kind, "gexf")


def _export_network(db: Path | None, output: Path, kind: str, file_format: str) -> None:
    from graphkit.export.networks import write_network

    with _read_store(db) as store:
        graph = write_network(store, output, kind, file_format)
    click.echo(
        f"graphkit export {file_format}: {kind} network, {graph.number_of_nodes():,} nodes, "
        f"{graph.number_of_edges():,} edges -> {output}",
        err=True,
    )


@export_group.command(name="vosviewer")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_db_option
@click.option("--network", "kind", type=click.Choice(["coauthor", "citation"]), default="coauthor", show_default=True)
def export_vosviewer_command(folder: Path, db: Path | None, kind: str) -> None:
    """VOSviewer map and network files (open both in VOSviewer: Create map → Read data from VOSviewer files)."""
    from graphkit.export.networks import write_vosviewer

    with _read_store(db) as store:
        map_path, network_path = write_vosviewer(store, folder, kind)
    click.echo(f"graphkit export vosviewer: {map_path}, {network_path}", err=True)


@export_group.command(name="csv")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_db_option
def export_csv_command(folder: Path, db: Path | None) -> None:
    """Plain CSV tables, one per node label and relationship type."""
    from graphkit.export.tables import write_tables

    with _read_store(db) as store:
        written = write_tables(store, folder)
    counts = ", ".join(f"{n:,} {name}" for name, (_, n) in written.items() if n)
    click.echo(f"graphkit export csv: {counts} -> {folder}", err=True)


@main.command(name="map")
@_db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("map.html"),
              show_default=True)  # fmt: skip
@click.option("--author", help="Draw this person's neighbourhood (name or id).")
@click.option("--hops", type=click.IntRange(1, 4), default=1, show_default=True, help="Neighbourhood radius.")
@click.option("--community", type=int, help="Draw one community (numbers from `graphkit analyze`).")
@click.option("--max-nodes", type=click.IntRange(min=2), default=500, show_default=True)
def map_command(
    db: Path | None, output: Path, author: str | None, hops: int, community: int | None, max_nodes: int
) -> None:
    """A self-contained interactive collaboration map (HTML; opens offline)."""
    from graphkit.export.htmlmap import select_subgraph, write_map

    if author is not None and community is not None:
        raise click.UsageError("choose --author or --community, not both")
    with _read_store(db) as store:
        selection = select_subgraph(store, author=author, hops=hops, community=community, max_nodes=max_nodes)
    nodes, edges = write_map(selection, output)
    click.echo(f"graphkit map: {selection.title}: {nodes:,} people, {edges:,} collaborations -> {output}", err=True)


@main.command(name="plot")
@click.argument("kind", type=click.Choice(["degree", "years", "hindex"]))
@_db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="A .png or .svg file.")  # fmt: skip
def plot_command(kind: str, db: Path | None, output: Path) -> None:
    """Figures: degree distribution (log-log), papers per year, h-index distribution."""
    from graphkit.export.plots import write_plot

    with _read_store(db) as store:
        data = write_plot(store, kind, output)
    click.echo(f"graphkit plot {kind}: {len(data)} point(s) -> {output}", err=True)
