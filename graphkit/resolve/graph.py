"""The knowledge graph: papers, authors, institutions and categories, their edges, and NetworkX views.

Every later stage (stores, analytics, queries, exports) reads this one shape. Nodes are slotted
dataclasses and edges are keyed dictionaries rather than pydantic models, so that a graph of
100k papers and a million edges stays small and quick to build; the typed boundaries are the
records that go in and the result models that come out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphkit.core.settings import DEFAULT_COAUTHOR_MAX_AUTHORS
from graphkit.resolve.base import MergeDecision

__all__ = [
    "DEFAULT_COAUTHOR_MAX_AUTHORS",
    "Author",
    "Category",
    "Coauthorship",
    "Institution",
    "KnowledgeGraph",
    "Paper",
]


@dataclass(slots=True)
class Paper:
    """A resolved paper. ``citation_count`` is what a source reports, never what the graph supports."""

    id: str
    title: str | None
    date: dt.date | None = None
    year: int | None = None
    date_precision: str | None = None
    year_inferred: bool = False
    abstract: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    dblp_key: str | None = None
    wos_id: str | None = None
    scopus_id: str | None = None
    pmid: str | None = None
    venue: str | None = None
    volume: str | None = None
    pages: str | None = None
    author_count: int | None = None
    authors_complete: bool = False
    citation_count: int | None = None
    category: str | None = None
    score: float | None = None
    upvotes: int | None = None
    has_code: bool = False
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Author:
    """A resolved person; ``profile_*`` are metrics a profile page reports about them."""

    id: str
    name: str
    name_variants: list[str] = field(default_factory=list)
    orcid: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    dblp_id: str | None = None
    scopus_id: str | None = None
    profile_h_index: int | None = None
    profile_citations: int | None = None
    profile_paper_count: int | None = None
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Institution:
    """A resolved institution."""

    id: str
    name: str
    ror: str | None = None
    country: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Category:
    """An arXiv category from the bundled taxonomy."""

    code: str
    name: str
    archive: str
    group: str


@dataclass(slots=True)
class Keyword:
    """A term papers are indexed by (see :mod:`graphkit.resolve.keywords`)."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Coauthorship:
    """One pair of coauthors: how many papers they share and over which years."""

    papers: int = 0
    first_year: int | None = None
    last_year: int | None = None


@dataclass
class KnowledgeGraph:
    """Nodes and edges of the graph, with the resolution decisions that shaped it.

    Edges are keyed by their endpoints' ids: ``authored[(author_id, paper_id)]`` is the byline
    position (1-based; ``None`` where the source shows a truncated byline that omits the
    author), ``in_category[(paper_id, code)]`` is whether it is the primary category,
    ``affiliated_with`` holds ``(author_id, institution_id, year)`` triples, and
    ``coauthored_with[(a, b)]`` (with ``a < b``) is derived from ``authored``.
    """

    papers: dict[str, Paper] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    authored: dict[tuple[str, str], int | None] = field(default_factory=dict)
    cites: set[tuple[str, str]] = field(default_factory=set)
    in_category: dict[tuple[str, str], bool] = field(default_factory=dict)
    affiliated_with: set[tuple[str, str, int | None]] = field(default_factory=set)
    from_institution: set[tuple[str, str]] = field(default_factory=set)
    coauthored_with: dict[tuple[str, str], Coauthorship] = field(default_factory=dict)
    keywords: dict[str, Keyword] = field(default_factory=dict)
    #: ``(paper_id, keyword_id, kind)``: the paper carries the keyword as an author keyword, an indexed term or
    #: a topic.
    has_keyword: set[tuple[str, str, str]] = field(default_factory=set)
    decisions: list[MergeDecision] = field(default_factory=list)
    #: Metrics written by :func:`graphkit.analysis.metrics.analyze`, by author and paper id.
    author_metrics: dict[str, dict[str, float | int]] = field(default_factory=dict)
    paper_metrics: dict[str, dict[str, float | int]] = field(default_factory=dict)
    category_metrics: dict[str, dict[str, float | int]] = field(default_factory=dict)
    #: Top-k paper similarities written by ``analyze``: (paper, partner) -> shared citing papers / references.
    cocited_with: dict[tuple[str, str], int] = field(default_factory=dict)
    coupled_with: dict[tuple[str, str], int] = field(default_factory=dict)
    #: Papers whose authors were too many to pair up (see :meth:`derive_coauthorships`).
    hyper_authored: int = 0

    def derive_coauthorships(self, max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS) -> None:
        """Recompute ``coauthored_with`` from ``authored`` (one entry per unordered pair).

        A paper with more than ``max_authors`` authors keeps its authorships but adds no pairs: one
        3,000-author collaboration paper alone would add 4.5 million pairs and make every member a
        coauthor of every other. Such papers are counted in ``hyper_authored``.

        Examples
        --------
        >>> g = KnowledgeGraph(papers={"p": Paper("p", "T")}, authored={(a, "p"): i for i, a in enumerate("abc")})
        >>> g.derive_coauthorships(); len(g.coauthored_with), g.hyper_authored
        (3, 0)
        >>> g.derive_coauthorships(max_authors=2); len(g.coauthored_with), g.hyper_authored
        (0, 1)
        """
        by_paper: dict[str, list[str]] = {}
        for author_id, paper_id in self.authored:
            by_paper.setdefault(paper_id, []).append(author_id)
        pairs: dict[tuple[str, str], Coauthorship] = {}
        self.hyper_authored = 0
        for paper_id, author_ids in by_paper.items():
            if len(author_ids) > max_authors:
                self.hyper_authored += 1
                continue
            year = self.papers[paper_id].year
            author_ids.sort()
            for i, a in enumerate(author_ids):
                for b in author_ids[i + 1 :]:
                    pair = pairs.get((a, b))
                    if pair is None:
                        pair = pairs[(a, b)] = Coauthorship()
                    pair.papers += 1
                    if year is not None:
                        pair.first_year = year if pair.first_year is None else min(pair.first_year, year)
                        pair.last_year = year if pair.last_year is None else max(pair.last_year, year)
        self.coauthored_with = pairs

    def counts(self) -> dict[str, int]:
        """Node and edge counts by type.

        Examples
        --------
        >>> KnowledgeGraph().counts()["Paper"]
        0
        """
        return {
            "Paper": len(self.papers),
            "Author": len(self.authors),
            "Institution": len(self.institutions),
            "Category": len(self.categories),
            "AUTHORED": len(self.authored),
            "CITES": len(self.cites),
            "IN_CATEGORY": len(self.in_category),
            "AFFILIATED_WITH": len(self.affiliated_with),
            "FROM_INSTITUTION": len(self.from_institution),
            "COAUTHORED_WITH": len(self.coauthored_with),
            "Keyword": len(self.keywords),
            "HAS_KEYWORD": len(self.has_keyword),
            "COCITED_WITH": len(self.cocited_with),
            "COUPLED_WITH": len(self.coupled_with),
        }

    def author_by_name(self, name: str) -> list[Author]:
        """Authors whose name or a name variant is exactly ``name``."""
        return [a for a in self.authors.values() if a.name == name or name in a.name_variants]

    # -- NetworkX views -------------------------------------------------------------------------

    def coauthor_graph(self) -> nx.Graph:
        """Undirected coauthor graph: author ids as nodes, ``weight`` = shared papers.

        Node attributes: ``name``. Edge attributes: ``weight``, ``first_year``, ``last_year``.
        Authors without coauthors are included as isolated nodes.
        """
        G = nx.Graph()
        G.add_nodes_from((a.id, {"name": a.name}) for a in self.authors.values())
        G.add_edges_from(
            (a, b, {"weight": c.papers, "first_year": c.first_year, "last_year": c.last_year})
            for (a, b), c in self.coauthored_with.items()
        )
        return G

    def citation_graph(self) -> nx.DiGraph:
        """Directed citation graph: an edge ``u -> v`` when paper ``u`` cites paper ``v``."""
        G = nx.DiGraph()
        G.add_nodes_from((p.id, {"title": p.title, "year": p.year}) for p in self.papers.values())
        G.add_edges_from(self.cites)
        return G

    def authorship_graph(self) -> nx.Graph:
        """Bipartite author-paper graph (``bipartite`` = 0 for authors, 1 for papers)."""
        G = nx.Graph()
        G.add_nodes_from((a.id, {"bipartite": 0, "name": a.name}) for a in self.authors.values())
        G.add_nodes_from((p.id, {"bipartite": 1, "title": p.title}) for p in self.papers.values())
        G.add_edges_from((a, p, {"position": pos}) for (a, p), pos in self.authored.items())
        return G

    def papers_of(self, author_id: str) -> list[str]:
        """Ids of the papers an author wrote."""
        return [p for (a, p) in self.authored if a == author_id]

    def summary(self) -> dict[str, Any]:
        """Counts plus the number of merge decisions by entity and outcome."""
        decisions = Counter(f"{d.entity} {d.outcome}" for d in self.decisions)
        return {"counts": self.counts(), "decisions": dict(sorted(decisions.items()))}
