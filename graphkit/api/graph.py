"""A stored knowledge graph for notebooks and scripts: names in, answers out.

:func:`open_graph` (``graphkit.open``) opens the embedded store (or Neo4j) and gives a :class:`Graph` whose
methods take people by name — looked up forgivingly (:mod:`graphkit.query.lookup`), with a
:class:`~graphkit.query.lookup.NameChoiceWarning` when several people match — and answer with plain rows,
typed results or NetworkX graphs.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol

import networkx as nx

from graphkit.analysis.keywords import Theme, keyword_network, thematic_map
from graphkit.analysis.recommend import Recommendation, recommend
from graphkit.analysis.stored import stored_graph
from graphkit.analysis.thesaurus import read_thesaurus
from graphkit.analysis.trends import Timeline, author_timeline
from graphkit.core.errors import GraphkitError
from graphkit.core.settings import Settings
from graphkit.query.library import AUTHOR_PARAMS, Runner, load_queries, metric_written, run_query
from graphkit.query.lookup import Directory, NameMatch
from graphkit.query.paths import PathResult, author_directory, collaborator_paths, find_stored_author
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.schema import AUTHOR_METRICS, PAPER_METRICS

__all__ = ["Graph", "MetricsMissingError", "metrics_statement", "open_graph"]

NetworkKind = Literal["coauthor", "citation", "authorship", "keyword"]


class OpenStore(Runner, Protocol):
    """An open store a :class:`Graph` asks: the embedded store or Neo4j."""

    def counts(self) -> dict[str, int]: ...

    def close(self) -> object: ...


class MetricsMissingError(GraphkitError):
    """A ranking was asked for before ``graphkit analyze`` computed its metric."""


def open_graph(db: str | Path | None = None, *, neo4j: bool = False, settings: Settings | None = None) -> Graph:
    """Open a stored graph for questions: the embedded store ``db`` (read-only), or Neo4j.

    Parameters
    ----------
    db : path, optional
        The embedded store; default ``$GRAPHKIT_DB``, else ``./graphkit.lbdb`` (what ``graphkit build`` writes).
    neo4j : bool
        Ask the Neo4j server of ``settings`` instead (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``).
    settings : Settings, optional
        Where to find things; default from the environment.

    Examples
    --------
    >>> import tempfile, pathlib, graphkit
    >>> from graphkit.store.build import build
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with graphkit.open(db) as g:
    ...     g.coauthors("Kakade")[0]["name"]
    'Samy Jelassi'
    """
    settings = settings or Settings.from_env()
    if neo4j:
        from graphkit.store.neo4j import Neo4jStore

        return Graph(Neo4jStore.from_env(settings), dialect="neo4j")
    store = EmbeddedStore(Path(db) if db is not None else settings.db, read_only=True)
    return Graph(store.open(), dialect="ladybug")


class Graph:
    """A stored graph, asked by name. Use as a context manager (or call :meth:`close`).

    Parameters
    ----------
    runner : OpenStore
        An open store (:class:`~graphkit.store.embedded.EmbeddedStore` or :class:`~graphkit.store.neo4j.Neo4jStore`).
    dialect : "ladybug" or "neo4j"
        The store's Cypher dialect.
    """

    def __init__(self, runner: OpenStore, *, dialect: str = "ladybug") -> None:
        self.runner = runner
        self.dialect = dialect
        self._directory: Directory | None = None

    def __enter__(self) -> Graph:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the store."""
        self.runner.close()

    def __repr__(self) -> str:
        where = getattr(self.runner, "path", None) or getattr(self.runner, "uri", "")
        return f"<graphkit.Graph {self.dialect} {where}>"

    # -- people ---------------------------------------------------------------------------------

    def author(self, name: str, *, strict: bool = False) -> NameMatch:
        """The person ``name`` means (an id, a full name, "Last, First", initials, a surname or a first name).

        Several people matching: the one with most papers, with a warning naming the others (``strict``: an
        :class:`~graphkit.query.lookup.AmbiguousNameError` instead). No one: an
        :class:`~graphkit.query.lookup.UnknownNameError` suggesting the closest names.
        """
        if self._directory is None:
            self._directory = author_directory(self.runner, dialect=self.dialect)
        return find_stored_author(self.runner, name, dialect=self.dialect, directory=self._directory, strict=strict)

    def coauthors(self, name: str, *, limit: int = 50) -> list[dict[str, Any]]:
        """``name``'s coauthors, most shared papers first: id, name, papers, first_year, last_year."""
        return self.query("coauthors", author_id=name, limit=limit)

    def path(self, a: str, b: str, *, max_hops: int = 6, all_paths: bool = False) -> list[PathResult]:
        """The shortest chain(s) of coauthors from ``a`` to ``b``, each hop with its shared papers.

        Raises :class:`~graphkit.query.paths.NoPathError` when they are not connected within ``max_hops``.
        """
        first, last = self.author(a).id, self.author(b).id
        return collaborator_paths(
            self.runner, first, last, max_hops=max_hops, all_paths=all_paths, dialect=self.dialect
        )

    def top(
        self,
        metric: str = "pagerank",
        k: int = 20,
        *,
        category: str = "",
        institution: str = "",
        years: tuple[int, int] | None = None,
    ) -> list[dict[str, Any]]:
        """Authors ranked by ``metric`` (one of :data:`~graphkit.query.library.METRICS`), optionally only those
        with papers in a category, at an institution or within ``years`` (first, last).

        Raises :class:`MetricsMissingError` when ``graphkit analyze`` has not computed the metric.
        """
        params: dict[str, Any] = {"metric": metric, "category": category, "institution": institution, "limit": k}
        if years is not None:
            params["year_from"], params["year_to"] = years
        rows = self.query("top_authors", params)
        if not rows and not metric_written(self.runner, metric):
            raise MetricsMissingError(
                f"no author has {metric} yet: run `graphkit analyze` (it computes the rankings), then ask again"
            )
        return rows

    def timeline(self, name: str) -> Timeline:
        """``name``'s years: papers, citations and h-index at each year's end, PageRank where snapshots exist."""
        return author_timeline(self.runner, self.author(name).id)

    def recommend(self, name: str, *, k: int = 10) -> list[Recommendation]:
        """People ``name`` has not written with, ranked by resource allocation over the coauthor graph."""
        return recommend(stored_graph(self.runner).coauthor_graph(), self.author(name).id, k=k)

    def themes(
        self, *, kind: str = "", top: int = 250, min_papers: int = 2, seed: int = 0,
        thesaurus: str | Path | None = None,
    ) -> list[Theme]:  # fmt: skip
        """The themes of the keyword co-occurrence network, largest first, with centrality, density and quadrant
        (``graphkit keywords``; ``kind``: ``author``, ``indexed``, ``topic`` or ``""`` for all; ``thesaurus``: a
        VOSviewer thesaurus file).

        Examples
        --------
        >>> import os, tempfile, pathlib, graphkit
        >>> from graphkit.store.build import build
        >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
        >>> shared = pathlib.Path(os.environ.get("GRAPHKIT_SHARED", "../shared"))
        >>> _ = build([shared / "data/wos-scopus-medline/medline_test.medline"], db)
        >>> with graphkit.open(db) as g:
        ...     [(t.name, t.quadrant) for t in g.themes(kind="author")][:1]
        [('ABC transporter', 'motor themes')]
        """
        merged = read_thesaurus(thesaurus) if thesaurus is not None else None
        network = keyword_network(self.runner, kind=kind, top=top, min_papers=min_papers, thesaurus=merged)
        return thematic_map(network, seed=seed)[0]

    # -- queries and graphs ---------------------------------------------------------------------

    def query(self, name_or_cypher: str, params: dict[str, Any] | None = None, **more: Any) -> list[dict[str, Any]]:
        """Run a query of the library by name — author parameters (``author_id``, ``a``, ``b``) take names —
        or any Cypher text with its parameters (``$name`` in the text, values as keyword arguments).

        Examples
        --------
        >>> import tempfile, pathlib, graphkit
        >>> from graphkit.store.build import build
        >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
        >>> _ = build(["examples/"], db)
        >>> with graphkit.open(db) as g:
        ...     g.query("MATCH (a:Author) WHERE a.name STARTS WITH $p RETURN a.name AS name", p="Sham")
        [{'name': 'Sham M. Kakade'}]
        """
        values = {**(params or {}), **more}
        if name_or_cypher in load_queries():
            for key in AUTHOR_PARAMS:
                if key in values:
                    values[key] = self.author(str(values[key])).id
            return run_query(self.runner, name_or_cypher, values, dialect=self.dialect, names=False)
        return self.runner.execute(name_or_cypher, values)

    def to_networkx(self, kind: NetworkKind = "coauthor", *, metrics: bool = True) -> nx.Graph:
        """The stored graph as NetworkX: the coauthor graph (authors, ``weight`` = shared papers), the citation
        graph (papers, directed), the bipartite authorship graph, with the metrics ``graphkit analyze`` wrote
        as node attributes (``metrics=False``: names and titles only), or the keyword co-occurrence graph (each
        keyword's ``papers`` and theme, ``weight`` = papers with both; :meth:`themes`).

        Examples
        --------
        >>> import tempfile, pathlib, graphkit
        >>> from graphkit.store.build import build
        >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
        >>> _ = build(["examples/"], db)
        >>> with graphkit.open(db) as g:
        ...     G = g.to_networkx()
        >>> G.number_of_nodes(), G.number_of_edges()
        (113, 186)
        """
        if kind == "keyword":
            from graphkit.export.networks import keyword_graph

            return keyword_graph(self.runner)
        graph = stored_graph(self.runner)
        if kind == "coauthor":
            G: nx.Graph = graph.coauthor_graph()
        elif kind == "citation":
            G = graph.citation_graph()
        elif kind == "authorship":
            G = graph.authorship_graph()
        else:
            raise GraphkitError(f"no {kind!r} network: choose coauthor, citation, authorship or keyword")
        if metrics:
            labels = {"coauthor": ("Author",), "citation": ("Paper",), "authorship": ("Author", "Paper")}[kind]
            for label in labels:
                for node, values in self._metrics(label).items():
                    if node in G:
                        G.nodes[node].update(values)
        return G

    def _metrics(self, label: str) -> dict[str, dict[str, Any]]:
        rows = self.runner.execute(metrics_statement(label))
        return {row.pop("id"): {k: v for k, v in row.items() if v is not None} for row in rows}

    def counts(self) -> dict[str, int]:
        """How many nodes of each label and edges of each type the graph holds."""
        return self.runner.counts()


def metrics_statement(label: str) -> str:
    """The statement that reads the metrics ``graphkit analyze`` wrote on every ``label`` node (Author or Paper).

    Examples
    --------
    >>> metrics_statement("Paper")
    'MATCH (n:Paper) RETURN n.id AS id, n.graph_citations AS graph_citations, n.citation_pagerank AS citation_pagerank'
    """
    names = {"Author": AUTHOR_METRICS, "Paper": PAPER_METRICS}[label]
    return f"MATCH (n:{label}) RETURN n.id AS id, " + ", ".join(f"n.{name} AS {name}" for name in names)
