"""Per-author and per-paper metrics, computed on the knowledge graph.

Per author, on the coauthor graph weighted by shared papers: ``papers``, ``coauthors`` (degree),
``weighted_degree``, ``pagerank`` (weighted, damping 0.85; Page et al. 1999), ``betweenness``
(exact up to :data:`BETWEENNESS_EXACT_LIMIT` authors, else estimated from ``k`` sampled sources
drawn with ``seed``; Brandes 2008, doi:10.1016/j.socnet.2007.11.001), ``core_number``,
``clustering``, ``community`` and ``community_size`` (Louvain or Leiden with ``seed`` and ``resolution``;
Blondel et al. 2008, doi:10.1088/1742-5468/2008/10/P10008; communities are numbered by size, 0 the
largest, and the partition's modularity is reported). PageRank, core numbers and communities are computed by
the ``engine`` of :mod:`graphkit.analysis.engines` (NetworkX, or igraph on large graphs). From the citations
the graph holds (never the counts a source reports): ``citations``,
``h_index`` (Hirsch 2005, doi:10.1073/pnas.0507655102), ``g_index`` (Egghe 2006,
doi:10.1007/s11192-006-0144-7) and ``i10_index``.

Per paper: ``graph_citations`` (in-graph citation count), ``citation_pagerank`` (PageRank on the
citation graph), and its ``similar_k`` most co-cited and most bibliographically coupled papers
(:mod:`graphkit.analysis.similarity`), written as ``COCITED_WITH`` / ``COUPLED_WITH`` edges.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import networkx as nx

from graphkit.analysis import engines
from graphkit.analysis.cores import clustering_coefficients
from graphkit.analysis.similarity import top_k_similar
from graphkit.core.models import StrictModel
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.store.schema import AUTHOR_METRICS, PAPER_METRICS

__all__ = [
    "AUTHOR_METRICS",
    "BETWEENNESS_EXACT_LIMIT",
    "PAPER_METRICS",
    "AnalysisResult",
    "analyze",
    "g_index",
    "h_index",
    "restrict_to",
]

BETWEENNESS_EXACT_LIMIT = 5_000


class AnalysisResult(StrictModel):
    """What :func:`analyze` computed, and how."""

    authors: int
    papers: int
    communities: int
    betweenness_exact: bool
    betweenness_samples: int | None = None
    as_of: dt.date | None = None
    seed: int
    resolution: float
    engine: str = "networkx"
    community_method: str = "louvain"
    modularity: float = 0.0


def h_index(citations: list[int]) -> int:
    """The largest h such that h papers have at least h citations each.

    Examples
    --------
    >>> h_index([10, 8, 5, 4, 3]), h_index([25, 8, 5, 3, 3]), h_index([]), h_index([0, 0])
    (4, 3, 0, 0)
    """
    ranked = sorted(citations, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def g_index(citations: list[int]) -> int:
    """The largest g such that the g most cited papers have at least g² citations together.

    Bounded by the number of papers, as in Egghe's definition without fictitious papers.

    Examples
    --------
    >>> g_index([10, 8, 5, 4, 3]), g_index([1, 1, 1]), g_index([])
    (5, 1, 0)
    """
    ranked = sorted(citations, reverse=True)
    total, g = 0, 0
    for rank, count in enumerate(ranked, start=1):
        total += count
        if total >= rank * rank:
            g = rank
    return g


def restrict_to(
    graph: KnowledgeGraph, as_of: dt.date, *, coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS
) -> KnowledgeGraph:
    """The graph as it stood on ``as_of``: papers dated up to that day (undated papers are left out),
    the citations among them, their authorships and the authors who wrote them."""
    papers = {pid: p for pid, p in graph.papers.items() if p.date is not None and p.date <= as_of}
    authored = {(a, p): pos for (a, p), pos in graph.authored.items() if p in papers}
    authors = {a for a, _ in authored}
    past = KnowledgeGraph(
        papers=papers,
        authors={aid: a for aid, a in graph.authors.items() if aid in authors},
        institutions=graph.institutions,
        categories=graph.categories,
        authored=authored,
        cites={(s, d) for s, d in graph.cites if s in papers and d in papers},
        in_category={k: v for k, v in graph.in_category.items() if k[0] in papers},
        affiliated_with={t for t in graph.affiliated_with if t[0] in authors},
        from_institution={t for t in graph.from_institution if t[0] in papers},
        decisions=graph.decisions,
    )
    past.derive_coauthorships(coauthor_max_authors)
    return past


def analyze(
    graph: KnowledgeGraph,
    *,
    as_of: dt.date | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_samples: int = 1000,
    similar_k: int = 10,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
    engine: str = "auto",
    community_method: str = "louvain",
) -> AnalysisResult:
    """Compute every metric and store it in ``graph.author_metrics`` / ``graph.paper_metrics``.

    With ``as_of``, metrics come from :func:`restrict_to` and authors or papers that did not exist
    then get no metrics. Deterministic for a given ``seed`` and engine (``auto``: NetworkX below
    :data:`~graphkit.analysis.engines.IGRAPH_FROM_NODES` authors, igraph from there; ``community_method``:
    ``louvain`` or ``leiden``).
    """
    source = restrict_to(graph, as_of, coauthor_max_authors=coauthor_max_authors) if as_of else graph
    G = source.coauthor_graph()
    C = source.citation_graph()
    exact = G.number_of_nodes() <= BETWEENNESS_EXACT_LIMIT
    k = None if exact else min(betweenness_samples, G.number_of_nodes())
    betweenness = nx.betweenness_centrality(G, k=k, seed=seed, normalized=True)
    used = engines.choose_engine(engine, G.number_of_nodes())
    prepared = engines.Prepared(G)  # converted to igraph once, if at all, for every metric below
    pagerank = engines.pagerank(prepared, weight="weight", engine=used)
    cores = engines.core_number(prepared, engine=used)
    clustering = clustering_coefficients(G)
    communities = engines.communities(
        prepared, method=community_method, weight="weight", resolution=resolution, seed=seed, engine=used
    )
    community_of = {node: (index, len(members)) for index, members in enumerate(communities) for node in members}
    in_graph = Counter(cited for _, cited in source.cites)
    paper_rank = engines.pagerank(C, weight="weight", engine=engine)  # "auto" decides by the citation graph's size
    papers_of: dict[str, list[str]] = {}
    for author_id, paper_id in source.authored:
        papers_of.setdefault(author_id, []).append(paper_id)

    graph.author_metrics = {}
    for author_id in G:
        counts = [in_graph.get(p, 0) for p in papers_of.get(author_id, [])]
        community, size = community_of[author_id]
        graph.author_metrics[author_id] = {
            "papers": len(counts),
            "coauthors": G.degree(author_id),
            "weighted_degree": G.degree(author_id, weight="weight"),
            "pagerank": pagerank.get(author_id, 0.0),
            "betweenness": betweenness.get(author_id, 0.0),
            "core_number": cores.get(author_id, 0),
            "clustering": clustering.get(author_id, 0.0),
            "community": community,
            "community_size": size,
            "citations": sum(counts),
            "h_index": h_index(counts),
            "g_index": g_index(counts),
            "i10_index": sum(1 for c in counts if c >= 10),
        }
    graph.paper_metrics = {
        pid: {"graph_citations": in_graph.get(pid, 0), "citation_pagerank": paper_rank.get(pid, 0.0)}
        for pid in source.papers
    }
    graph.cocited_with = top_k_similar(source.cites, k=similar_k, kind="cocitation")
    graph.coupled_with = top_k_similar(source.cites, k=similar_k, kind="coupling")
    return AnalysisResult(
        authors=G.number_of_nodes(),
        papers=len(source.papers),
        communities=len(communities),
        betweenness_exact=exact,
        betweenness_samples=k,
        as_of=as_of,
        seed=seed,
        resolution=resolution,
        engine=used,
        community_method=community_method,
        modularity=engines.modularity(G, communities, weight="weight", resolution=resolution),
    )
