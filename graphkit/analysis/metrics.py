"""Per-author and per-paper metrics, computed on flat arrays (:class:`~graphkit.analysis.arrays.GraphArrays`).

Per author, on the coauthor graph weighted by shared papers: ``papers``, ``coauthors`` (degree),
``weighted_degree``, ``pagerank`` (weighted, damping 0.85; Page et al. 1999), ``betweenness`` (unweighted,
normalised; exact when cheap, else estimated to a target error: :func:`graphkit.analysis.algorithms.betweenness`;
Brandes 2008, doi:10.1016/j.socnet.2007.11.001), ``core_number``, ``clustering``, ``community`` and
``community_size`` (Louvain or Leiden with ``seed`` and ``resolution``; Blondel et al. 2008,
doi:10.1088/1742-5468/2008/10/P10008; communities are numbered by size, 0 the largest, and the partition's
modularity is reported). From the citations the graph holds (never the counts a source reports): ``citations``,
``h_index`` (Hirsch 2005, doi:10.1073/pnas.0507655102), ``g_index`` (Egghe 2006,
doi:10.1007/s11192-006-0144-7) and ``i10_index``.

Per paper: ``graph_citations`` (in-graph citation count), ``citation_pagerank`` (PageRank on the citation
graph), and its ``similar_k`` most co-cited and most bibliographically coupled papers
(:mod:`graphkit.analysis.similarity`), written as ``COCITED_WITH`` / ``COUPLED_WITH`` edges.

Bursts (Kleinberg 2003, :mod:`graphkit.analysis.bursts`), by year: of each paper's citations (against all
citations made that year), of each author's papers and of each category's papers (against all papers that year);
the strongest burst of each is written as ``burst_start``, ``burst_end`` (years) and ``burst_strength``.

The work is split into :data:`STEPS`, each writing its own columns; ``metrics`` picks some (by step name, by
column name, or by the name of the Neo4j GDS algorithm that computes the same thing: :data:`GDS_NAMES`). The
graph algorithms run on the ``engine`` of :mod:`graphkit.analysis.algorithms`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa
from pydantic import Field

from graphkit.analysis import algorithms
from graphkit.analysis.arrays import GraphArrays
from graphkit.analysis.bursts import strongest_bursts
from graphkit.analysis.similarity import top_k_pairs
from graphkit.core.models import StrictModel
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.store.metrics import MetricTables
from graphkit.store.schema import AUTHOR_METRICS, BURST_METRICS, OWNED_METRICS, PAPER_METRICS, SNAPSHOT_OF

__all__ = [
    "AUTHOR_METRICS",
    "GDS_NAMES",
    "PAPER_METRICS",
    "SNAPSHOT_STEPS",
    "STEPS",
    "AnalysisResult",
    "Step",
    "StepReport",
    "analyze",
    "compute_metrics",
    "g_index",
    "h_index",
    "restrict_to",
    "select_steps",
]


@dataclass(frozen=True)
class Step:
    """One unit of ``analyze``'s work: what it writes (columns of a label, or a relationship type)."""

    name: str
    label: str
    writes: tuple[str, ...]
    description: str


STEPS: tuple[Step, ...] = (
    Step("degree", "Author", ("papers", "coauthors", "weighted_degree"), "papers, coauthors and shared papers"),
    Step("citation_indices", "Author", ("citations", "h_index", "g_index", "i10_index"), "citations, h, g and i10"),
    Step("pagerank", "Author", ("pagerank",), "PageRank on the coauthor graph"),
    Step("core_number", "Author", ("core_number",), "k-core numbers"),
    Step("clustering", "Author", ("clustering",), "local clustering coefficients"),
    Step("community", "Author", ("community", "community_size"), "communities"),
    Step("betweenness", "Author", ("betweenness",), "betweenness"),
    Step("graph_citations", "Paper", ("graph_citations",), "in-graph citations of papers"),
    Step("citation_pagerank", "Paper", ("citation_pagerank",), "PageRank on the citation graph"),
    Step("cocitation", "COCITED_WITH", (), "each paper's most co-cited partners"),
    Step("coupling", "COUPLED_WITH", (), "each paper's most coupled partners"),
    Step("citation_bursts", "Paper", BURST_METRICS, "bursts of citations of papers, by year"),
    Step("activity_bursts", "Author", BURST_METRICS, "bursts of authors' papers, by year"),
    Step("category_bursts", "Category", BURST_METRICS, "bursts of categories' papers, by year"),
)
"""Every step, in the order ``analyze`` runs them (cheap first, bursts last)."""
_STEP = {step.name: step for step in STEPS}
SNAPSHOT_STEPS = tuple(
    step for step in STEPS if step.label in SNAPSHOT_OF and set(step.writes) <= set(SNAPSHOT_OF[step.label][2])
)
"""The steps a snapshot (``analyze --as-of``) keeps: every author and paper metric; not the similarity edges or
the bursts (which describe the whole span of years already)."""

GDS_NAMES: dict[str, tuple[str, str | None]] = {
    "pageRank": ("pagerank", None),
    "articleRank": ("citation_pagerank", None),
    "betweenness": ("betweenness", None),
    "kcore": ("core_number", None),
    "localClusteringCoefficient": ("clustering", None),
    "louvain": ("community", "louvain"),
    "leiden": ("community", "leiden"),
    "degree": ("degree", None),
    "nodeSimilarity": ("coupling", None),
}
"""Neo4j GDS algorithm names (``gds.<name>``) and the step computing the same thing here (and the community
method a name implies). GDS's ``articleRank`` is a PageRank variant for citation graphs, its ``nodeSimilarity``
a Jaccard score where graphkit counts shared references: the same question, not the same numbers."""


def select_steps(names: Iterable[str] | None) -> tuple[tuple[Step, ...], str | None]:
    """The steps ``names`` ask for (all when ``None``), in run order, and the community method a GDS name implies.

    A name is a step, a column it writes, or a GDS algorithm (any case).

    Examples
    --------
    >>> steps, method = select_steps(["h_index", "pageRank", "leiden"])
    >>> [s.name for s in steps], method
    (['citation_indices', 'pagerank', 'community'], 'leiden')

    Raises
    ------
    ValueError
        For a name that is none of these, listing the names there are.
    """
    if names is None:
        return STEPS, None
    by_name: dict[str, tuple[str, str | None]] = {}
    for step in STEPS:
        by_name[step.name.lower()] = (step.name, None)
        for column in step.writes:
            if column not in BURST_METRICS:  # three steps write these: the step names tell them apart
                by_name[column.lower()] = (step.name, None)
        if not step.writes:  # a relationship step answers to its type's name too (COUPLED_WITH)
            by_name[step.label.lower()] = (step.name, None)
    by_name.update({gds.lower(): target for gds, target in GDS_NAMES.items()})
    chosen: set[str] = set()
    method: str | None = None
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name.lower() not in by_name:
            known = ", ".join(step.name for step in STEPS)
            raise ValueError(
                f"unknown metric {name!r}: use a step ({known}), a column it writes, or a GDS name "
                f"({', '.join(GDS_NAMES)})"
            )
        step_name, implied = by_name[name.lower()]
        chosen.add(step_name)
        method = implied or method
    return tuple(step for step in STEPS if step.name in chosen), method


class StepReport(StrictModel):
    """One step's figures, for progress: its size before it runs and its time after."""

    step: str
    description: str
    nodes: int
    edges: int
    as_of: dt.date | None = None
    estimate_s: float | None = None
    seconds: float | None = None
    detail: str = ""


class AnalysisResult(StrictModel):
    """What :func:`compute_metrics` computed, and how."""

    authors: int
    papers: int
    communities: int = 0
    betweenness_exact: bool = True
    betweenness_samples: int | None = None
    betweenness_error: float = 0.0
    betweenness_confidence: float = 1.0
    betweenness_method: str = ""
    as_of: dt.date | None = None
    seed: int
    resolution: float
    engine: str = "networkx"
    community_method: str = "louvain"
    modularity: float = 0.0
    citations: int = 0
    coauthor_pairs: int = 0
    bursts: dict[str, int] = Field(default_factory=dict)
    steps: list[StepReport] = Field(default_factory=list)


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


def citation_indices(owner: np.ndarray, counts: np.ndarray, owners: int) -> dict[str, np.ndarray]:
    """Citations, h-, g- and i10-index of every owner from its papers' citation ``counts`` (one row per paper).

    Examples
    --------
    >>> found = citation_indices(np.array([0, 0, 0, 0, 0, 1]), np.array([10, 8, 5, 4, 3, 2]), 3)
    >>> {name: values.tolist() for name, values in found.items()}
    {'citations': [30, 2, 0], 'h_index': [4, 1, 0], 'g_index': [5, 1, 0], 'i10_index': [1, 0, 0]}
    """
    order = np.lexsort((-counts, owner))
    owner, counts = owner[order], counts[order]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else np.zeros(0, np.int64)
    lengths = np.diff(np.r_[starts, len(owner)])
    rank = np.arange(len(owner)) - np.repeat(starts, lengths) + 1
    running = np.cumsum(counts) - np.repeat(np.cumsum(counts)[starts] - counts[starts], lengths)
    g = np.zeros(owners, np.int64)
    np.maximum.at(g, owner, np.where(running >= rank * rank, rank, 0))
    return {
        "citations": np.bincount(owner, counts, owners).astype(np.int64),
        "h_index": np.bincount(owner[counts >= rank], minlength=owners).astype(np.int64),
        "g_index": g,
        "i10_index": np.bincount(owner[counts >= 10], minlength=owners).astype(np.int64),
    }


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


# Seconds per unit of work on the reference machine (2 cores; benchmarks/bench_analyze.py on the 1M- and
# 2.8M-paper stores, where each of these agrees within 1.6x), for the estimate shown before a step runs. Units:
# nodes + edges; nodes × (nodes + edges) for exact betweenness; KADABRA's worst-case samples × edges ** 0.5 for
# estimated betweenness; the products summed (Σ degree²) for co-citation and coupling.
_SECONDS_PER_UNIT: dict[str, float] = {
    "pagerank": 2e-7,
    "core_number": 4e-8,
    "clustering": 1e-6,
    "community": 1.6e-6,
    "betweenness": 1e-8,
    "betweenness_sampled": 8e-8,
    "citation_pagerank": 1.2e-7,
    "cocitation": 1.6e-7,
    "coupling": 7e-8,
}


def _estimate(step: str, nodes: int, edges: int, context: _Context) -> float | None:
    engine = {"betweenness": context.betweenness_engine, "citation_pagerank": context.cited_engine}.get(
        step, context.engine
    )
    if engine == "networkx" or step not in _SECONDS_PER_UNIT:
        return None
    if step in ("cocitation", "coupling"):
        arrays = context.arrays
        ends = arrays.cites_source if step == "cocitation" else arrays.cites_target
        degree = np.bincount(ends, minlength=arrays.papers).astype(np.float64)
        return float(_SECONDS_PER_UNIT[step] * (degree**2).sum())
    if step != "betweenness":
        return _SECONDS_PER_UNIT[step] * (nodes + edges)
    work = nodes * (nodes + edges)
    if work <= algorithms.EXACT_BETWEENNESS_WORK[engine]:
        return _SECONDS_PER_UNIT["betweenness"] * work
    # KADABRA's worst case: (ln(diameter) + ln(2 / delta)) / error² samples; a coauthor graph's is about 20.
    samples = (np.log(20) + np.log(2 / (1 - context.confidence))) / context.error**2
    return float(_SECONDS_PER_UNIT["betweenness_sampled"] * samples * edges**0.5)


Progress = Callable[[StepReport], None]


@dataclass(frozen=True)
class _Context:
    """Everything a step reads: the arrays, their prepared graphs and the options."""

    arrays: GraphArrays
    coauthors: algorithms.Prepared
    citations: algorithms.Prepared
    in_graph: np.ndarray
    engine: algorithms.Engine
    cited_engine: algorithms.Engine
    betweenness_engine: algorithms.Engine
    method: str
    seed: int
    resolution: float
    error: float
    confidence: float
    similar_k: int


def compute_metrics(
    arrays: GraphArrays,
    *,
    metrics: Iterable[str] | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_error: float = 0.01,
    betweenness_confidence: float = 0.9,
    similar_k: int = 10,
    engine: str = "auto",
    community_method: str | None = None,
    progress: Progress | None = None,
    as_of: dt.date | None = None,
) -> tuple[MetricTables, AnalysisResult]:
    """Compute the chosen metrics (all by default) of ``arrays``: the tables to write and a summary.

    ``progress`` is called before each step (with its size and an estimate of its time where there is one) and
    after it (with its time). Deterministic for a given ``seed`` and engine (``auto``: NetworkX below
    :data:`~graphkit.analysis.algorithms.FAST_FROM_NODES` authors, NetworkiT from there; ``community_method``:
    ``louvain`` (default) or ``leiden``, or the one a GDS name in ``metrics`` implies).

    Examples
    --------
    >>> from graphkit.store.build import build_graph
    >>> arrays = GraphArrays.from_graph(build_graph(["examples/"]))
    >>> tables, result = compute_metrics(arrays, metrics=["pagerank", "h_index"])
    >>> tables.columns("Author"), result.authors
    (('pagerank', 'citations', 'h_index', 'g_index', 'i10_index'), 113)
    """
    steps, implied = select_steps(metrics)
    method = community_method or implied or "louvain"
    coauthors = algorithms.Prepared(arrays.coauthor_edges())
    citations = algorithms.Prepared(arrays.citation_edges())
    used = algorithms.choose_engine(engine, arrays.authors)
    cited_engine = algorithms.choose_engine(engine, arrays.papers)
    # NetworkiT's exact betweenness equals NetworkX's (1e-17) at a small part of its cost, and it alone estimates
    # to a target error cheaply: "auto" takes it at every size.
    betweenness_engine = "networkit" if engine == "auto" else used
    result = AnalysisResult(
        authors=arrays.authors, papers=arrays.papers, as_of=as_of, seed=seed, resolution=resolution, engine=used,
        community_method=method, citations=len(arrays.cites_source), coauthor_pairs=len(arrays.pair_a),
    )  # fmt: skip
    columns: dict[str, dict[str, np.ndarray | pa.Array]] = {"Author": {}, "Paper": {}, "Category": {}}
    relationships: dict[str, pa.Table] = {}
    in_graph = np.bincount(arrays.cites_target, minlength=arrays.papers).astype(np.int64)
    context = _Context(
        arrays, coauthors, citations, in_graph, used, cited_engine, betweenness_engine, method, seed, resolution,
        betweenness_error, betweenness_confidence, similar_k,
    )  # fmt: skip
    _build_forms(steps, context, result, progress)
    for step in steps:
        on_papers = step.label != "Author"
        nodes = {"Author": arrays.authors, "Category": len(arrays.category_codes)}.get(step.label, arrays.papers)
        edges = len(arrays.cites_source) if on_papers else len(arrays.pair_a)
        if step.label == "Category":
            edges = len(arrays.in_category_paper)
        report = StepReport(
            step=step.name, description=step.description, nodes=nodes, edges=edges, as_of=as_of,
            estimate_s=_estimate(step.name, nodes, edges, context),
        )  # fmt: skip
        if progress is not None:
            progress(report)
        started = time.perf_counter()
        found, detail = _run_step(step.name, context, result)
        if isinstance(found, pa.Table):
            relationships[step.label] = found
        else:
            columns[step.label].update(found)
        report = report.model_copy(update={"seconds": time.perf_counter() - started, "detail": detail})
        result.steps.append(report)
        if progress is not None:
            progress(report)
    tables = MetricTables(
        authors=pa.table({"id": arrays.author_ids, **_in_order(columns["Author"], OWNED_METRICS["Author"])}),
        papers=pa.table({"id": arrays.paper_ids, **_in_order(columns["Paper"], OWNED_METRICS["Paper"])}),
        relationships=relationships,
        categories=pa.table({"code": arrays.category_codes, **_in_order(columns["Category"], BURST_METRICS)}),
    )
    return tables, result


def _build_forms(steps: tuple[Step, ...], context: _Context, result: AnalysisResult, progress: Progress | None) -> None:
    """Build the graphs the steps read (each engine's own form), reported as a step of its own ("graphs")."""
    wanted: list[tuple[algorithms.Prepared, str, bool]] = []
    for step in steps:
        algorithm = {"community": "communities", "citation_pagerank": "pagerank"}.get(step.name, step.name)
        prepared = context.citations if step.name == "citation_pagerank" else context.coauthors
        engine = {"citation_pagerank": context.cited_engine, "betweenness": context.betweenness_engine}.get(
            step.name, context.engine
        )
        wanted += [
            (prepared, kind, weighted) for kind, weighted in algorithms.forms_used(algorithm, engine, context.method)
        ]
    if not wanted:
        return
    arrays = context.arrays
    report = StepReport(step="graphs", description="the graphs each engine reads", nodes=arrays.authors,
                        edges=len(arrays.pair_a), as_of=result.as_of)  # fmt: skip
    if progress is not None:
        progress(report)
    started = time.perf_counter()
    for prepared, kind, weighted in wanted:
        prepared.form(kind, weighted)
    report = report.model_copy(update={"seconds": time.perf_counter() - started})
    result.steps.append(report)
    if progress is not None:
        progress(report)


def _in_order(found: dict[str, np.ndarray | pa.Array], names: tuple[str, ...]) -> dict[str, pa.Array]:
    return {
        name: value if isinstance(value, pa.Array) else pa.array(value)
        for name in names
        if name in found
        for value in (found[name],)
    }


def _run_step(
    name: str, context: _Context, result: AnalysisResult
) -> tuple[dict[str, np.ndarray | pa.Array] | pa.Table, str]:
    """One step's columns (or relationship table) and a line saying how it went."""
    arrays, coauthors, engine, in_graph = context.arrays, context.coauthors, context.engine, context.in_graph
    n = arrays.authors
    if name.endswith("_bursts"):
        return _bursts(name, arrays, result)
    if name == "degree":
        degree = np.bincount(arrays.pair_a, minlength=n) + np.bincount(arrays.pair_b, minlength=n)
        weighted = np.bincount(arrays.pair_a, arrays.pair_papers, n) + np.bincount(arrays.pair_b, arrays.pair_papers, n)
        papers = np.bincount(arrays.authored_author, minlength=n)
        return {"papers": papers.astype(np.int64), "coauthors": degree.astype(np.int64),
                "weighted_degree": weighted.astype(np.int64)}, ""  # fmt: skip
    if name == "citation_indices":
        return citation_indices(arrays.authored_author, in_graph[arrays.authored_paper], n), ""
    if name == "pagerank":
        return {"pagerank": algorithms.pagerank(coauthors, engine=engine)}, ""
    if name == "core_number":
        return {"core_number": algorithms.core_number(coauthors, engine=engine)}, ""
    if name == "clustering":
        return {"clustering": algorithms.clustering(coauthors, engine=engine)}, ""
    if name == "community":
        membership = algorithms.communities(
            coauthors, engine=engine, method=context.method, resolution=context.resolution, seed=context.seed
        )
        sizes = np.bincount(membership) if n else np.zeros(0, np.int64)
        result.communities = len(sizes)
        result.modularity = algorithms.modularity(coauthors.edges, membership, resolution=context.resolution)
        detail = f"{len(sizes):,} communities ({context.method}), modularity {result.modularity:.4f}"
        return {"community": membership, "community_size": sizes[membership].astype(np.int64)}, detail
    if name == "betweenness":
        scores, run = algorithms.betweenness(
            coauthors, engine=context.betweenness_engine, error=context.error, confidence=context.confidence,
            seed=context.seed,
        )  # fmt: skip
        result.betweenness_exact, result.betweenness_samples = run.exact, run.samples
        result.betweenness_error, result.betweenness_confidence = run.error, run.confidence
        result.betweenness_method = run.method
        detail = (
            "exact" if run.exact
            else f"{run.method}, {run.samples:,} samples: within {run.error:.4g} with probability {run.confidence:g}"
        )  # fmt: skip
        return {"betweenness": scores}, detail
    if name == "graph_citations":
        return {"graph_citations": in_graph}, ""
    if name == "citation_pagerank":
        return {"citation_pagerank": algorithms.pagerank(context.citations, engine=context.cited_engine)}, ""
    paper, partner, weight = top_k_pairs(
        arrays.cites_source, arrays.cites_target, arrays.papers, k=context.similar_k, kind=name
    )
    table = pa.table(
        {"src": arrays.paper_ids.take(pa.array(paper)), "dst": arrays.paper_ids.take(pa.array(partner)),
         "weight": pa.array(weight, pa.int64())}
    )  # fmt: skip
    return table, f"{table.num_rows:,} pairs"


def burst_events(name: str, arrays: GraphArrays) -> tuple[np.ndarray, np.ndarray, int, np.ndarray, int]:
    """The events a burst step decodes: ``(owner, period)`` rows, owners, the periods' totals, the first year.

    Periods are the years from the first dated paper to the last. ``citation_bursts``: one event per citation,
    of the cited paper in the citing paper's year, out of all citations made that year; ``activity_bursts``: one
    per authorship, of the author in the paper's year, out of all papers that year; ``category_bursts``: one per
    paper filed in a category, out of all papers that year. Undated papers make no events.

    Examples
    --------
    >>> from graphkit.store.build import build_graph
    >>> arrays = GraphArrays.from_graph(build_graph(["examples/"]))
    >>> owner, period, owners, total, first = burst_events("activity_bursts", arrays)
    >>> owners == arrays.authors, int(total.sum()) == int((arrays.paper_year > 0).sum())
    (True, True)
    """
    year = arrays.paper_year
    dated = year > 0
    first = int(year[dated].min()) if dated.any() else 0
    periods = int(year[dated].max()) - first + 1 if dated.any() else 0
    papers_per_year = np.bincount(year[dated] - first, minlength=periods)
    if name == "citation_bursts":
        citing = year[arrays.cites_source]
        keep = citing > 0
        period = citing[keep] - first
        return arrays.cites_target[keep], period, arrays.papers, np.bincount(period, minlength=periods), first
    if name == "activity_bursts":
        paper, owner, owners = arrays.authored_paper, arrays.authored_author, arrays.authors
    elif name == "category_bursts":
        paper, owner, owners = arrays.in_category_paper, arrays.in_category_category, len(arrays.category_codes)
    else:
        raise ValueError(f"{name}: not a burst step")
    keep = year[paper] > 0
    return owner[keep], year[paper][keep] - first, owners, papers_per_year, first


def _bursts(name: str, arrays: GraphArrays, result: AnalysisResult) -> tuple[dict[str, np.ndarray | pa.Array], str]:
    owner, period, owners, total, first = burst_events(name, arrays)
    found = strongest_bursts(owner, period, owners, total)
    none = found.start < 0
    result.bursts[_STEP[name].label] = found.found
    columns: dict[str, np.ndarray | pa.Array] = {
        "burst_start": pa.array(found.start + first, pa.int64(), mask=none),
        "burst_end": pa.array(found.end + first, pa.int64(), mask=none),
        "burst_strength": pa.array(found.strength, pa.float64(), mask=none),
    }
    return columns, f"{found.found:,} of {owners:,} burst ({len(total)} years)"


def analyze(
    graph: KnowledgeGraph,
    *,
    as_of: dt.date | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_error: float = 0.01,
    betweenness_confidence: float = 0.9,
    similar_k: int = 10,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
    engine: str = "auto",
    community_method: str = "louvain",
    metrics: Iterable[str] | None = None,
) -> AnalysisResult:
    """Compute the metrics of an in-memory graph into ``graph.author_metrics`` / ``graph.paper_metrics``.

    With ``as_of``, metrics come from the graph as it stood that day (:meth:`GraphArrays.as_of`, as
    :func:`restrict_to`) and authors or papers that did not exist then get no metrics. The same computation as
    ``graphkit analyze`` on a store (:func:`compute_metrics`).

    Examples
    --------
    >>> from graphkit.store.build import build_graph
    >>> graph = build_graph(["examples/"])
    >>> analyze(graph).authors, graph.author_metrics[next(iter(graph.author_metrics))]["papers"] > 0
    (113, True)
    """
    arrays = replace(GraphArrays.from_graph(graph), coauthor_max_authors=coauthor_max_authors)
    if as_of is not None:
        arrays = arrays.as_of(as_of)
    tables, result = compute_metrics(
        arrays, metrics=metrics, seed=seed, resolution=resolution, betweenness_error=betweenness_error,
        betweenness_confidence=betweenness_confidence, similar_k=similar_k, engine=engine,
        community_method=community_method, as_of=as_of,
    )  # fmt: skip
    graph.author_metrics = _rows(tables.authors)
    graph.paper_metrics = _rows(tables.papers)
    graph.category_metrics = _rows(tables.categories)
    pairs = {}
    for name, table in tables.relationships.items():
        src, dst, weight = (table.column(column).to_pylist() for column in ("src", "dst", "weight"))
        pairs[name] = {(a, b): w for a, b, w in zip(src, dst, weight, strict=True)}
    graph.cocited_with = pairs.get("COCITED_WITH", {})
    graph.coupled_with = pairs.get("COUPLED_WITH", {})
    return result


def _rows(table: pa.Table) -> dict[str, dict[str, float | int]]:
    names = table.column_names[1:]
    values = [table.column(name).to_pylist() for name in names]
    return {
        key: dict(zip(names, row, strict=True)) for key, *row in zip(table.column(0).to_pylist(), *values, strict=True)
    }
