"""The analysable part of a stored graph, read from the store itself — never re-resolved from records.

The reading commands that want NetworkX graphs (``recommend``, ``stats --network``) work on what the store holds
(``analyze`` reads the same as arrays: :meth:`graphkit.analysis.arrays.GraphArrays.from_store`):
the papers with their dates, the authors with their names, and the AUTHORED, CITES and COAUTHORED_WITH
edges. The coauthor pairs are the stored ones, so the limit on hyper-authored papers that the build
applied holds for the analysis too.
"""

from __future__ import annotations

import datetime as dt

from graphkit.resolve.graph import Author, Coauthorship, KnowledgeGraph, Paper
from graphkit.store.base import Runner

__all__ = ["stored_graph"]


def stored_graph(runner: Runner) -> KnowledgeGraph:
    """Papers, authors, authorships, citations and coauthor pairs of a store, as a :class:`KnowledgeGraph`.

    Properties that no analysis reads (abstracts, ids, provenance) stay in the store.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     graph = stored_graph(store)
    >>> len(graph.papers), len(graph.authors), len(graph.coauthored_with)
    (134, 113, 186)
    """
    graph = KnowledgeGraph()
    for row in runner.execute("MATCH (p:Paper) RETURN p.id AS id, p.title AS title, p.date AS date, p.year AS year"):
        date = row["date"]
        graph.papers[row["id"]] = Paper(
            row["id"], row["title"], date.date() if isinstance(date, dt.datetime) else date, row["year"]
        )
    for row in runner.execute("MATCH (a:Author) RETURN a.id AS id, a.name AS name"):
        graph.authors[row["id"]] = Author(row["id"], row["name"])
    for row in runner.execute(
        "MATCH (a:Author)-[r:AUTHORED]->(p:Paper) RETURN a.id AS author, p.id AS paper, r.position AS position"
    ):
        graph.authored[(row["author"], row["paper"])] = row["position"]
    for row in runner.execute("MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id AS citing, b.id AS cited"):
        graph.cites.add((row["citing"], row["cited"]))
    for row in runner.execute(
        "MATCH (a:Author)-[c:COAUTHORED_WITH]->(b:Author) "
        "RETURN a.id AS a, b.id AS b, c.papers AS papers, c.first_year AS first, c.last_year AS last"
    ):
        graph.coauthored_with[(row["a"], row["b"])] = Coauthorship(row["papers"], row["first"], row["last"])
    return graph
