"""``graphkit build``, ``analyze``, ``load``, ``stats`` and ``merges``: writing and inspecting the store."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from graphkit.analysis.algorithms import ENGINES, FAST_FROM_NODES
from graphkit.analysis.metrics import STEPS, StepReport, select_steps
from graphkit.analysis.network import network_stats, read_edge_list
from graphkit.analysis.stored import stored_graph
from graphkit.analysis.writeback import analyze_store, snapshot_steps, snapshot_store, year_ends
from graphkit.cli.app import (
    ProgressBar,
    choose_staging_engine,
    db_option,
    exclude_option,
    load_into_neo4j,
    main,
    neo4j_connection,
    neo4j_options,
    neo4j_settings,
    parse_day,
    print_file_reports,
    print_left_out,
    staging_options,
    store_options,
)
from graphkit.core.settings import Settings
from graphkit.extract import FORMATS
from graphkit.query.stats import graph_stats
from graphkit.resolve.bulk_authors import REVIEW_BELOW
from graphkit.store.build import BuildResult, build, reference_summary
from graphkit.store.embedded import DEFAULT_BATCH_SIZE, EmbeddedStore

__all__ = ["analyze_command", "build_command", "load_command", "merges", "stats"]


@main.command(name="build")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--remove",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Take this source file out of the store (repeatable); what only it said goes with it.",
)
@click.option(
    "--overrides",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="TOML file of must-merge / must-not-merge decisions (default: $GRAPHKIT_OVERRIDES, else "
    "graphkit.overrides.toml beside the database if present).",
)
@click.option("--format", "format_name", type=click.Choice(["auto", *FORMATS]), default="auto", show_default=True)
@click.option("--as-of", callback=parse_day, help="Capture day (YYYY-MM-DD) for dates printed without a year.")
@click.option("--strict", is_flag=True, help="Fail on the first malformed entry instead of skipping it.")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True)
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal)."
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Start from SOURCES alone, replacing what the store holds (also the way out of a lost staging area).",
)
@click.option(
    "--coauthor-max-authors",
    type=click.IntRange(min=2),
    default=None,
    help="Papers with more authors keep their authorships but add no coauthor pairs "
    "(default: $GRAPHKIT_COAUTHOR_MAX_AUTHORS, else 100).",
)
@click.option(
    "--author-model",
    default=None,
    metavar="rules|learned|FILE",
    help="Who decides which byline names are one person: the name rules (default), the learned model shipped "
    "with graphkit (experimental: it splits one spelling into several people where the evidence says so, and is "
    "slower; see the README), or a model file trained with tools/train_author_model.py ($GRAPHKIT_AUTHOR_MODEL).",
)
@exclude_option
@staging_options
@store_options
@neo4j_options
def build_command(
    sources: tuple[Path, ...],
    db: Path | None,
    remove: tuple[Path, ...],
    overrides: Path | None,
    format_name: str,
    as_of: dt.date | None,
    strict: bool,
    batch_size: int,
    progress: bool | None,
    rebuild: bool,
    coauthor_max_authors: int | None,
    author_model: str | None,
    exclude: tuple[str, ...],
    staging_engine: str,
    spark_master: str | None,
    wait: float | None,
    buffer_pool_mib: int | None,
    **neo4j: Any,
) -> None:
    """Extract SOURCES, resolve who and what is the same, and write the graph to the embedded store.

    Building again from the same files leaves the same graph; building with new files merges
    them into what the database already holds, re-resolving only what they touch. One build writes a
    store at a time; an interrupted build leaves the previous graph as it was.
    """
    if not sources and not remove:
        raise click.UsageError("give SOURCE files or folders to build from, or --remove FILE")
    engine, master = choose_staging_engine(staging_engine, spark_master)
    settings = Settings.from_env()
    db = db or settings.db
    overrides = overrides or settings.overrides_for(db)
    show = sys.stderr.isatty() if progress is None else progress
    with ProgressBar(enabled=show) as bar:
        result = build(
            sources, db, overrides=overrides, format=format_name, as_of=as_of, strict=strict,
            batch_size=batch_size, progress=bar.update, rebuild=rebuild,
            wait=settings.lock_wait if wait is None else wait,
            buffer_pool_mib=buffer_pool_mib or settings.buffer_pool_mib,
            coauthor_max_authors=coauthor_max_authors or settings.coauthor_max_authors, remove=remove,
            exclude=exclude, author_model=author_model or settings.author_model, engine=engine, spark_master=master,
        )  # fmt: skip
    _print_build_summary(result)
    use_neo4j, connection = neo4j_connection(neo4j)
    if use_neo4j:
        load_into_neo4j(db, connection, show)


def _print_build_summary(result: BuildResult) -> None:
    unchanged = f" ({result.files_unchanged} unchanged, not read again)" if result.files_unchanged else ""
    click.echo(
        f"graphkit build: {result.records_read} records from {len(result.files)} file(s){unchanged}"
        + (f", {result.records_kept_from_store} kept from earlier builds" if result.records_kept_from_store else "")
        + f" -> {result.db}",
        err=True,
    )
    print_file_reports(result.files)
    print_left_out(result.left_out)
    for removed in result.removed:
        click.echo(f"  removed {removed}", err=True)
    if result.mode == "incremental":
        click.echo(f"  incremental: {result.records_resolved:,} records re-resolved", err=True)
    elif result.full_build_reason and result.records_kept_from_store:
        click.echo(f"  resolved in full: {result.full_build_reason}", err=True)
    nodes = ", ".join(
        f"{result.written.get(k, 0)} {k}" for k in ("Paper", "Author", "Institution", "Category", "Keyword")
    )
    edges = ", ".join(f"{n} {k}" for k, n in result.written.items() if k.isupper())
    click.echo(f"  graph: {nodes}", err=True)
    click.echo(f"  edges: {edges}", err=True)
    if sum(result.references.values()):
        click.echo(f"  references: {reference_summary(result.references)}", err=True)
    if result.hyper_authored:
        click.echo(
            f"  {result.hyper_authored:,} paper(s) with over {result.coauthor_max_authors} authors keep their "
            "authorships but add no coauthor pairs (--coauthor-max-authors)",
            err=True,
        )
    merged = ", ".join(f"{n} {entity}" for entity, n in sorted(result.merges.items())) or "none"
    apart = ", ".join(f"{n} {entity}" for entity, n in sorted(result.kept_apart.items())) or "none"
    click.echo(f"  merges: {merged}; kept apart: {apart} (see `graphkit merges`)", err=True)
    if result.overrides:
        click.echo(f"  overrides applied from {result.overrides}", err=True)
    click.echo(
        "  time: " + ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in result.seconds.items()), err=True
    )


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--network", is_flag=True, help="Network statistics of the coauthor graph (SNAP's figures).")
@click.option("--edge-list", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="With --network: read a SNAP-style edge list instead of the stored graph.")  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for sampled distances on large graphs.")
def stats(db: Path | None, as_json: bool, network: bool, edge_list: Path | None, seed: int) -> None:
    """Counts of every node and edge type, and coverage figures, of the stored graph."""
    if network:
        G = read_edge_list(edge_list) if edge_list else _stored_coauthor_graph(db or Settings.from_env().db)
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
    if figures.build:
        built = figures.build
        click.echo(f"  built {built.built_at} from {built.files} file(s), {built.records:,} records "
                   f"(coauthor pairs from papers of up to {built.coauthor_max_authors} authors)")  # fmt: skip
    width = max(len(k) for k in figures.counts)
    for name, count in figures.counts.items():
        click.echo(f"  {name:<{width}}  {count:>9,}")
    click.echo("coverage")
    for name, cover in figures.coverage.items():
        click.echo(f"  {name:<34} {cover.count:>9,} of {cover.total:>9,}  ({cover.percent:5.1f}%)")


def _stored_coauthor_graph(db: Path) -> Any:
    with EmbeddedStore(db, read_only=True) as store:
        return stored_graph(store).coauthor_graph()


@main.command(name="analyze")
@db_option
@click.option(
    "--as-of",
    "as_of_days",
    multiple=True,
    help="Keep a snapshot of the metrics as they stood on this day (YYYY-MM-DD; repeatable), beside the current ones.",
)
@click.option(
    "--years",
    help="Keep a snapshot as of the end of each year FIRST-LAST (e.g. 1995-2003), beside the current metrics.",
)
@click.option(
    "--metrics",
    "metric_names",
    help="Compute only these, comma-separated: steps (" + ", ".join(step.name for step in STEPS) + "), columns "
    "they write (h_index, ...) or Neo4j GDS names (pageRank, kcore, leiden, ...). Other columns keep their values.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for communities and sampled betweenness.")
@click.option(
    "--resolution",
    type=float,
    default=1.0,
    show_default=True,
    help="Modularity resolution (higher: smaller communities).",
)
@click.option(
    "--betweenness-error",
    type=click.FloatRange(min=0, max=1, min_open=True, max_open=True),
    default=0.01,
    show_default=True,
    help="Largest error allowed in each normalised betweenness when it is estimated (exact where cheap).",
)
@click.option(
    "--betweenness-confidence",
    type=click.FloatRange(min=0, max=1, min_open=True, max_open=True),
    default=0.9,
    show_default=True,
    help="Probability that every estimated betweenness is within the error.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help=f"Who computes the graph algorithms: NetworkX, igraph, NetworkiT, or auto (NetworkiT from "
    f"{FAST_FROM_NODES:,} nodes).",
)
@click.option(
    "--communities",
    "community_method",
    type=click.Choice(["louvain", "leiden"]),
    help="Community detection by modularity: Louvain (default), or Leiden (well-connected communities).",
)
@click.option(
    "--gds",
    "in_database",
    is_flag=True,
    help="With --neo4j: compute in Neo4j with its Graph Data Science library (GDS 2.13+) instead of offline, "
    "writing the same properties there (the embedded store is not touched).",
)
@store_options
@neo4j_options
def analyze_command(
    db: Path | None,
    as_of_days: tuple[str, ...],
    years: str | None,
    metric_names: str | None,
    seed: int,
    resolution: float,
    betweenness_error: float,
    betweenness_confidence: float,
    engine: str,
    community_method: str | None,
    in_database: bool,
    wait: float | None,
    buffer_pool_mib: int | None,
    **neo4j: Any,
) -> None:
    """Compute influence, structure, community and citation metrics and write them back to the store.

    Reads the graph from the store and writes only the metric columns (and the co-citation and
    coupling edges, and each node's strongest burst); every other node, property and edge stays as the
    build wrote it. Each step is announced with its size and, for the long ones, an estimate of its time.
    With --as-of or --years, the metrics as they stood on each day are kept as snapshots instead, and the
    current columns are left alone.

    With --neo4j --gds, the graph already in Neo4j is analysed there by GDS (every step but the bursts) and
    nothing is read from or written to the embedded store.
    """
    if in_database:
        _analyze_with_gds(neo4j, metric_names, seed, resolution, betweenness_error, betweenness_confidence,
                          community_method, bool(as_of_days or years))  # fmt: skip
        return
    settings = Settings.from_env()
    db = db or settings.db
    names = metric_names.split(",") if metric_names else None
    days = _snapshot_days(as_of_days, years)
    try:  # refused here, before the store is opened
        snapshot_steps(names) if days else select_steps(names)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--metrics") from e
    options: dict[str, Any] = {
        "seed": seed, "resolution": resolution, "betweenness_error": betweenness_error,
        "betweenness_confidence": betweenness_confidence, "engine": engine, "community_method": community_method,
        "metrics": names, "progress": _report_step, "wait": settings.lock_wait if wait is None else wait,
        "buffer_pool_mib": buffer_pool_mib or settings.buffer_pool_mib,
    }  # fmt: skip
    with ProgressBar(enabled=sys.stderr.isatty()) as bar:
        results = snapshot_store(db, days, write_progress=bar.update, **options) if days else [
            analyze_store(db, write_progress=bar.update, **options)
        ]  # fmt: skip
    for result in results:
        done = ", ".join(report.step for report in result.steps)
        summary = f"graphkit analyze: {result.authors:,} authors, {result.papers:,} papers"
        if result.communities:
            summary += (f", {result.communities:,} communities ({result.community_method}, modularity "
                        f"{result.modularity:.3f})")  # fmt: skip
        kept = f", snapshot as of {result.as_of}" if result.as_of else ""
        click.echo(f"{summary}{kept} -> {db} ({done}; seed {seed}, engine {result.engine})", err=True)
    use_neo4j, connection = neo4j_connection(neo4j)
    if use_neo4j:  # the write-back: metrics travel with the nodes through the same MERGE batches
        load_into_neo4j(db, connection, sys.stderr.isatty())


def _analyze_with_gds(
    neo4j: dict[str, Any],
    metric_names: str | None,
    seed: int,
    resolution: float,
    betweenness_error: float,
    betweenness_confidence: float,
    community_method: str | None,
    snapshots: bool,
) -> None:
    """``analyze --neo4j --gds``: the metrics computed in Neo4j by GDS, written there."""
    from graphkit.analysis.gds import analyze_in_neo4j, connect

    use_neo4j, connection = neo4j_connection(neo4j)
    if not use_neo4j:
        raise click.UsageError("--gds computes in Neo4j: pass --neo4j too (connection from NEO4J_URI etc.)")
    if snapshots:
        raise click.UsageError("--as-of and --years keep snapshots offline only: drop --gds (then `graphkit load "
                               "--neo4j` copies them)")  # fmt: skip
    names = metric_names.split(",") if metric_names else None
    try:
        select_steps(names)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--metrics") from e
    with connect(neo4j_settings(connection)) as session:
        try:
            done = analyze_in_neo4j(session, metrics=names, seed=seed, resolution=resolution,
                                    betweenness_error=betweenness_error, betweenness_confidence=betweenness_confidence,
                                    community_method=community_method, progress=_report_step)  # fmt: skip
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--metrics/--communities") from e
    summary = f"graphkit analyze: {done.authors:,} authors, {done.papers:,} papers"
    if done.communities:
        summary += f", {done.communities:,} communities ({done.community_method}, modularity {done.modularity:.3f})"
    steps = ", ".join(report.step for report in done.steps)
    click.echo(f"{summary} -> Neo4j at {session.uri} with GDS {done.version} ({steps}; seed {seed})", err=True)
    if done.not_in_gds:
        click.echo(f"  not computed: {', '.join(done.not_in_gds)} (no GDS algorithm; `graphkit analyze` offline then "
                   "`graphkit load --neo4j` adds them)", err=True)  # fmt: skip


def _snapshot_days(as_of_days: tuple[str, ...], years: str | None) -> list[dt.date]:
    """The days --as-of and --years ask for snapshots of, sorted, each once."""
    days = set()
    for value in as_of_days:
        try:
            days.add(dt.date.fromisoformat(value))
        except ValueError as e:
            raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD", param_hint="--as-of") from e
    if years:
        first, sep, last = years.partition("-")
        try:
            days.update(year_ends(int(first), int(last) if sep else int(first)))
        except ValueError as e:
            raise click.BadParameter(f"{years!r}: write the years as FIRST-LAST, e.g. 1995-2003 ({e})",
                                     param_hint="--years") from e  # fmt: skip
    return sorted(days)


def _report_step(report: StepReport) -> None:
    """One line before a step (its size, and an estimate where one is known) and one after (its time)."""
    when = f"[as of {report.as_of}] " if report.as_of else ""
    if report.seconds is None:
        size = f" on {report.nodes:,} nodes, {report.edges:,} edges" if report.nodes else ""
        estimate = f", about {_duration(report.estimate_s)}" if report.estimate_s and report.estimate_s >= 5 else ""
        click.echo(f"  {when}{report.step}: {report.description}{size}{estimate} ...", err=True)
    else:
        detail = f" ({report.detail})" if report.detail else ""
        click.echo(f"  {when}{report.step}: done in {_duration(report.seconds)}{detail}", err=True)


def _duration(seconds: float) -> str:
    """``0.4 s``, ``12 s``, ``3 min 20 s``."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {int(seconds % 60)} s"


@main.command(name="load")
@db_option
@neo4j_options
def load_command(db: Path | None, **neo4j: Any) -> None:
    """Load the graph of an embedded store (metrics included) into Neo4j: `graphkit load --neo4j`.

    Constraints and indexes first, then UNWIND batches that MERGE on keys: loading twice leaves the
    same graph, a new source merges into it, and an interrupted load completes when run again.
    """
    use_neo4j, connection = neo4j_connection(neo4j)
    if not use_neo4j:
        raise click.UsageError("`graphkit load` writes to Neo4j: pass --neo4j (connection from NEO4J_URI etc.)")
    load_into_neo4j(db or Settings.from_env().db, connection, sys.stderr.isatty())


@main.command()
@db_option
@click.option("--entity", type=click.Choice(["paper", "author", "institution"]), help="Only this entity type.")
@click.option("--kept-apart", is_flag=True, help="Only the decisions to keep mentions apart.")
@click.option(
    "--uncertain", "review_below", type=click.FloatRange(0, 1), is_flag=False, flag_value=REVIEW_BELOW, default=None,
    help=f"The review queue: only the author model's decisions below this confidence (default {REVIEW_BELOW}), "
    "least certain first.",
)  # fmt: skip
def merges(db: Path | None, entity: str | None, kept_apart: bool, review_below: float | None) -> None:
    """List the resolution decisions of the last build, with their rules, evidence and confidence.

    Same-spelling splits (one printed name, several people) are listed as "kept apart", and the author model's
    uncertain merges of one spelling as "merged". To reverse a decision, add it to the overrides file
    (must_not_merge, must_merge, or a split of one name by papers) and build again.
    """
    db = db or Settings.from_env().db
    with EmbeddedStore(db, read_only=True) as store:
        decisions = store.decisions()
    if review_below is not None:
        decisions = sorted(
            (d for d in decisions if d.confidence is not None and d.confidence < review_below),
            key=lambda d: d.confidence or 0.0,
        )
    for d in decisions:
        if (entity and d.entity != entity) or (kept_apart and d.outcome != "kept apart"):
            continue
        target = f" -> {d.canonical_id}" if d.canonical_id else ""
        sure = f" (confidence {d.confidence:.2f})" if d.confidence is not None else ""
        click.echo(f"{d.entity} {d.outcome}{target}{sure}: {' | '.join(d.labels)}")
        click.echo(f"    rule: {d.rule}; evidence: {d.evidence}")
