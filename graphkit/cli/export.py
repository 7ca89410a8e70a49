"""``graphkit export``, ``map`` and ``plot``: the graph as files other tools read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphkit.cli.app import (
    choose_staging_engine,
    db_option,
    main,
    read_store,
    staging_options,
)

if TYPE_CHECKING:
    from graphkit.analysis.thesaurus import Thesaurus

__all__ = [
    "export_csv_command",
    "export_gexf_command",
    "export_graphml_command",
    "export_group",
    "export_neo4j_import_command",
    "export_rdf_command",
    "export_vosviewer_command",
    "map_command",
    "plot_command",
]


@main.group(name="export")
def export_group() -> None:
    """Write the graph as files other tools read."""


@export_group.command(name="neo4j-import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.option("--database", default="neo4j", show_default=True, help="Neo4j database the command imports into.")
@click.option(
    "--from",
    "sources",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Stage and resolve these sources (files or folders, repeatable) and write their files with no store.",
)
@staging_options
def export_neo4j_import_command(
    folder: Path,
    db: Path | None,
    database: str,
    sources: tuple[Path, ...],
    staging_engine: str,
    spark_master: str | None,
) -> None:
    """CSV files for `neo4j-admin database import full`, and the command to run (first loads of millions).

    From the store (--db), or with --from straight from the sources, resolved as `graphkit build` resolves them.
    """
    from graphkit.export.neo4j_import import import_command, import_files_from_sources, write_import_files

    engine, master = choose_staging_engine(staging_engine, spark_master)
    if sources:
        files = import_files_from_sources(sources, folder, engine=engine, spark_master=master)
    elif engine != "duckdb":
        raise click.UsageError("--engine stages sources: give them with --from (the store is already staged)")
    else:
        with read_store(db) as store:
            files = write_import_files(store, folder)
    counts = ", ".join(f"{n:,} {name}" for name, (_, n) in [*files.nodes.items(), *files.rels.items()] if n)
    click.echo(f"graphkit export neo4j-import: {counts} -> {folder}", err=True)
    click.echo(f"# with Neo4j stopped, from {folder} (copied into the server's import folder):")
    click.echo(import_command(files, database))


@export_group.command(name="rdf")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option("--format", "rdf_format", type=click.Choice(["turtle", "json-ld", "nt"]), default="turtle",
              show_default=True)  # fmt: skip
def export_rdf_command(db: Path | None, output: Path, rdf_format: str) -> None:
    """RDF in schema.org, Dublin Core, FOAF, SKOS, FaBiO and CiTO, with owl:sameAs links to external ids."""
    from graphkit.export.rdf import write_rdf

    with read_store(db) as store:
        triples = write_rdf(store, output, rdf_format)
    click.echo(f"graphkit export rdf: {triples:,} triples ({rdf_format}) -> {output}", err=True)


_thesaurus_option = click.option(
    "--thesaurus", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="For --network keyword: a VOSviewer thesaurus ('label<TAB>replace by') merging or leaving out keywords.",
)  # fmt: skip


@export_group.command(name="graphml")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option(
    "--network", "kind", type=click.Choice(["coauthor", "citation", "keyword"]), default="coauthor", show_default=True
)
@_thesaurus_option
def export_graphml_command(db: Path | None, output: Path, kind: str, thesaurus: Path | None) -> None:
    """The coauthor, citation or keyword network as GraphML, analytics (or themes) as node attributes."""
    _export_network(db, output, kind, "graphml", thesaurus)


@export_group.command(name="gexf")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
@click.option(
    "--network", "kind", type=click.Choice(["coauthor", "citation", "keyword"]), default="coauthor", show_default=True
)
@_thesaurus_option
def export_gexf_command(db: Path | None, output: Path, kind: str, thesaurus: Path | None) -> None:
    """The coauthor, citation or keyword network as GEXF for Gephi, analytics (or themes) as node attributes."""
    _export_network(db, output, kind, "gexf", thesaurus)


def _thesaurus_for(kind: str, thesaurus: Path | None) -> Thesaurus | None:
    if thesaurus is None:
        return None
    if kind != "keyword":
        raise click.UsageError("--thesaurus applies to the keyword network: add --network keyword")
    from graphkit.analysis.thesaurus import read_thesaurus

    return read_thesaurus(thesaurus)


def _export_network(db: Path | None, output: Path, kind: str, file_format: str, thesaurus: Path | None) -> None:
    from graphkit.export.networks import write_network

    merged = _thesaurus_for(kind, thesaurus)
    with read_store(db) as store:
        graph = write_network(store, output, kind, file_format, thesaurus=merged)
    click.echo(
        f"graphkit export {file_format}: {kind} network, {graph.number_of_nodes():,} nodes, "
        f"{graph.number_of_edges():,} edges -> {output}",
        err=True,
    )


@export_group.command(name="vosviewer")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@db_option
@click.option(
    "--network", "kind", type=click.Choice(["coauthor", "citation", "keyword"]), default="coauthor", show_default=True
)
@_thesaurus_option
def export_vosviewer_command(folder: Path, db: Path | None, kind: str, thesaurus: Path | None) -> None:
    """VOSviewer map and network files (open both in VOSviewer: Create map → Read data from VOSviewer files)."""
    from graphkit.export.networks import write_vosviewer

    merged = _thesaurus_for(kind, thesaurus)
    with read_store(db) as store:
        map_path, network_path = write_vosviewer(store, folder, kind, thesaurus=merged)
    click.echo(f"graphkit export vosviewer: {map_path}, {network_path}", err=True)


@export_group.command(name="csv")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@db_option
def export_csv_command(folder: Path, db: Path | None) -> None:
    """Plain CSV tables, one per node label and relationship type."""
    from graphkit.export.tables import write_tables

    with read_store(db) as store:
        written = write_tables(store, folder)
    counts = ", ".join(f"{n:,} {name}" for name, (_, n) in written.items() if n)
    click.echo(f"graphkit export csv: {counts} -> {folder}", err=True)


@main.command(name="map")
@db_option
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
    with read_store(db) as store:
        selection = select_subgraph(store, author=author, hops=hops, community=community, max_nodes=max_nodes)
    nodes, edges = write_map(selection, output)
    click.echo(f"graphkit map: {selection.title}: {nodes:,} people, {edges:,} collaborations -> {output}", err=True)


@main.command(name="plot")
@click.argument("kind", type=click.Choice(["degree", "years", "hindex"]))
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="A .png or .svg file.")  # fmt: skip
def plot_command(kind: str, db: Path | None, output: Path) -> None:
    """Figures: degree distribution (log-log), papers per year, h-index distribution."""
    from graphkit.export.plots import write_plot

    with read_store(db) as store:
        data = write_plot(store, kind, output)
    click.echo(f"graphkit plot {kind}: {len(data)} point(s) -> {output}", err=True)
