"""``graphkit query``, ``path``, ``recommend``, ``timeline`` and ``bursts``: asking the store questions."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from graphkit.analysis.keywords import KEYWORD_KINDS, keyword_network, thematic_map
from graphkit.analysis.recommend import METHODS, recommend
from graphkit.analysis.stored import stored_graph
from graphkit.analysis.thesaurus import read_thesaurus
from graphkit.analysis.trends import BURST_SUBJECTS, author_timeline, top_bursts, year_span
from graphkit.cli.app import (
    db_option,
    main,
    neo4j_connection,
    neo4j_options,
    neo4j_settings,
    read_store,
    store_runner,
)
from graphkit.query.library import (
    AUTHOR_PARAMS,
    MAX_HOPS,
    PLACEHOLDER_DEFAULTS,
    load_queries,
    metric_written,
    placeholder_choices,
    run_query,
)
from graphkit.query.paths import NoPathError, collaborator_paths, find_stored_author

__all__ = ["bursts_command", "path_command", "query_command", "recommend_command", "timeline_command"]


@main.command(name="recommend")
@click.argument("name")
@db_option
@click.option("-k", "top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--method", type=click.Choice(METHODS), default="resource_allocation", show_default=True)
@neo4j_options
def recommend_command(name: str, db: Path | None, top: int, method: str, **neo4j: Any) -> None:
    """Suggest people NAME has not written with yet, with the shared coauthors behind each suggestion.

    With --neo4j, the graph in Neo4j is asked and the scores are computed there by GDS's link prediction
    functions (the same candidates and scores).
    """
    use_neo4j, connection = neo4j_connection(neo4j)
    if use_neo4j:
        from graphkit.analysis.gds import connect, recommend_in_neo4j
        from graphkit.store.neo4j import Neo4jStore

        settings = neo4j_settings(connection)
        with Neo4jStore.from_env(settings) as runner:
            author = find_stored_author(runner, name, dialect="neo4j")
        with connect(settings) as session:
            suggestions = recommend_in_neo4j(session, author.id, k=top, method=method)
    else:
        with read_store(db) as store:
            author = find_stored_author(store, name)
            coauthors = stored_graph(store).coauthor_graph()
        suggestions = recommend(coauthors, author.id, k=top, method=method)
    if not suggestions:
        click.echo(f"no suggestions for {author.name}: no coauthors of coauthors outside their circle")
    for rank, item in enumerate(suggestions, start=1):
        click.echo(f"{rank:>3}. {item.name}  score {item.score:.3f}  via {', '.join(item.shared_coauthors)}")


_FORMATS = click.Choice(["table", "json", "csv"])


@main.command(name="timeline")
@click.argument("name")
@db_option
@click.option("--format", "output_format", type=_FORMATS, default="table", show_default=True)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path), help="Also draw it (.png/.svg).")
def timeline_command(name: str, db: Path | None, output_format: str, plot_path: Path | None) -> None:
    """NAME's years: papers, citations and h-index at each year's end, and PageRank where snapshots exist.

    Snapshots come from `graphkit analyze --years FIRST-LAST` (or --as-of); without them the PageRank column is
    empty. NAME is matched forgivingly, as in `graphkit path`.
    """
    with read_store(db) as store:
        author = find_stored_author(store, name)
        timeline = author_timeline(store, author.id)
    rows = [row.model_dump(mode="json") for row in timeline.years]
    if output_format == "json":
        click.echo(json.dumps(timeline.model_dump(mode="json"), indent=2))
    elif output_format == "csv":
        _write_csv(rows)
    else:
        click.echo(f"{timeline.name} ({timeline.author_id})")
        click.echo(f"{'year':>4}  {'papers':>6}  {'total':>5}  {'cites':>6}  {'total':>6}  {'h':>3}  pagerank")
        for row in timeline.years:
            rank = f"{row.pagerank:.3g} (as of {row.snapshot})" if row.pagerank is not None else "-"
            click.echo(f"{row.year:>4}  {row.papers:>6}  {row.total_papers:>5}  {row.citations:>6}  "
                       f"{row.total_citations:>6}  {row.h_index:>3}  {rank}")  # fmt: skip
        if timeline.years and all(row.pagerank is None for row in timeline.years):
            click.echo("(no snapshots: `graphkit analyze --years FIRST-LAST` adds PageRank by year)", err=True)
    if plot_path is not None:
        from graphkit.export.plots import plot_timeline

        plot_timeline(timeline, plot_path)
        click.echo(f"graphkit timeline: {len(timeline.years)} year(s) -> {plot_path}", err=True)


@main.command(name="bursts")
@click.option("--of", "subjects", type=click.Choice(list(BURST_SUBJECTS)), default="papers", show_default=True,
              help="Bursts of citations of papers, of authors' papers, or of categories' papers.")  # fmt: skip
@click.option("--top", type=click.IntRange(min=1), default=25, show_default=True)
@db_option
@click.option("--format", "output_format", type=_FORMATS, default="table", show_default=True)
@click.option(
    "--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path), help="Also draw them (.png/.svg)."
)
def bursts_command(subjects: str, top: int, db: Path | None, output_format: str, plot_path: Path | None) -> None:
    """The strongest bursts (Kleinberg) `graphkit analyze` found, strongest first, as CiteSpace lists them."""
    with read_store(db) as store:
        bursts = top_bursts(store, subjects, limit=top)
        first, last = year_span(store)
    rows = [burst.model_dump(mode="json") for burst in bursts]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
    elif output_format == "csv":
        _write_csv(rows)
    else:
        for rank, burst in enumerate(bursts, start=1):
            click.echo(f"{rank:>3}. {burst.start}-{burst.end}  strength {burst.strength:6.2f}  "
                       f"{burst.name or burst.key}  ({burst.key})")  # fmt: skip
        if not bursts:
            click.echo(f"no {subjects} burst between {first} and {last}", err=True)
    if plot_path is not None and bursts:
        from graphkit.export.plots import plot_bursts

        plot_bursts(bursts, first, last, plot_path, title=f"Strongest bursts of {subjects}")
        click.echo(f"graphkit bursts: {len(bursts)} burst(s) -> {plot_path}", err=True)


@main.command(name="keywords")
@click.option("--kind", type=click.Choice(["any", *KEYWORD_KINDS]), default="any", show_default=True,
              help="Authors' keywords, an index's terms (Keywords Plus, MeSH, Scopus's), topics.")  # fmt: skip
@click.option("--top", type=click.IntRange(min=2), default=250, show_default=True,
              help="Keep the keywords on most papers.")  # fmt: skip
@click.option("--min-papers", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the Louvain clustering.")
@click.option("--thesaurus", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="VOSviewer thesaurus: 'label<TAB>replace by' lines merging or leaving out keywords.")  # fmt: skip
@db_option
@click.option("--format", "output_format", type=_FORMATS, default="table", show_default=True)
@click.option(
    "--map", "map_path", type=click.Path(dir_okay=False, path_type=Path), help="Draw the thematic map (.png/.svg)."
)
def keywords_command(
    kind: str,
    top: int,
    min_papers: int,
    seed: int,
    thesaurus: Path | None,
    db: Path | None,
    output_format: str,
    map_path: Path | None,
) -> None:
    """Themes of the keyword co-occurrence network: centrality, density and quadrant (a thematic map)."""
    merged = read_thesaurus(thesaurus) if thesaurus is not None else None
    with read_store(db) as store:
        network = keyword_network(
            store, kind="" if kind == "any" else kind, top=top, min_papers=min_papers, thesaurus=merged
        )
    themes, _ = thematic_map(network, seed=seed)
    rows: list[dict[str, Any]] = [
        {"theme": t.number + 1, "name": t.name, "quadrant": t.quadrant, "centrality": round(t.centrality, 4),
         "density": round(t.density, 4), "occurrences": t.occurrences, "keywords": t.keywords}
        for t in themes
    ]  # fmt: skip
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
    elif output_format == "csv":
        _write_csv([{**row, "keywords": "; ".join(row["keywords"])} for row in rows])
    else:
        for t in themes:
            shown = ", ".join(t.keywords[:6]) + (f" (+{len(t.keywords) - 6})" if len(t.keywords) > 6 else "")
            click.echo(f"{t.number + 1:>3}. {t.name}  [{t.quadrant}; centrality {t.centrality:.3g}, density "
                       f"{t.density:.3g}, {t.occurrences} occurrences]  {shown}")  # fmt: skip
    click.echo(
        f"graphkit keywords: {len(network.ids)} keyword(s) on {min_papers}+ of {network.papers:,} paper(s), "
        f"{len(network.weight):,} co-occurring pair(s), {len(themes)} theme(s)",
        err=True,
    )
    if map_path is not None:
        from graphkit.export.plots import plot_thematic_map

        plot_thematic_map(themes, map_path, title=f"Thematic map ({kind} keywords)")
        click.echo(f"graphkit keywords: thematic map -> {map_path}", err=True)


def _write_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _parse_params(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r}: write parameters as key=value")
        params[key.strip()] = value
    return params


@main.command(name="query")
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, callback=_parse_params, help="key=value (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the queries with their parameters.")
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option("--neo4j", "use_neo4j", is_flag=True, help="Run on Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).")
@db_option
def query_command(name: str | None, params: dict[str, str], list_queries: bool, output_format: str,
                  use_neo4j: bool, db: Path | None) -> None:  # fmt: skip
    """Run a query of the library (cypher/*.cypher) on the embedded store or on Neo4j.

    Author parameters (author_id, a, b) accept names, looked up forgivingly.
    """
    queries = load_queries()
    if list_queries or not name:
        for query in queries.values():
            if query.internal:
                continue
            args = ", ".join(p.name + ("" if p.required else f"={p.default!r}") for p in query.params)
            extra = ", ".join(
                f"{p}={placeholder_choices(p)} (default {PLACEHOLDER_DEFAULTS[p]})" for p in query.placeholders
            )
            click.echo(f"{query.name}({', '.join(x for x in (args, extra) if x)})\n    {query.description}")
        return
    with store_runner(use_neo4j, db) as runner:
        dialect = "neo4j" if use_neo4j else "ladybug"
        for key in AUTHOR_PARAMS:
            if key in params:
                params[key] = find_stored_author(runner, params[key], dialect=dialect).id
        rows = run_query(runner, name, params, dialect=dialect, names=False)
        metric = str(params.get("metric", PLACEHOLDER_DEFAULTS["metric"]))
        unranked = not rows and "metric" in queries[name].placeholders and not metric_written(runner, metric)
    _print_rows(rows, output_format)
    if unranked:
        click.echo(f"(no author has {metric} yet: run `graphkit analyze` first, it computes the rankings)", err=True)


@main.command(name="path")
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=click.IntRange(1, MAX_HOPS), default=6, show_default=True)
@click.option("--all", "all_paths", is_flag=True, help="Every shortest chain, not just one.")
@click.option("--neo4j", "use_neo4j", is_flag=True, help="Run on Neo4j.")
@db_option
def path_command(a: str, b: str, max_hops: int, all_paths: bool, use_neo4j: bool, db: Path | None) -> None:
    """The chain of coauthors from A to B, with the papers that link each hop."""
    with store_runner(use_neo4j, db) as runner:
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
