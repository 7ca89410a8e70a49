"""Keyword co-occurrence and the thematic map (strategic diagram) of a store's keywords.

**Co-occurrence.** Two keywords co-occur as often as papers carry both (``HAS_KEYWORD`` edges of the chosen kind:
the authors' keywords, an index's terms, topics, or all). With ``A`` the paper-by-keyword incidence matrix the
counts are the off-diagonal entries of ``AᵀA``; the diagonal holds each keyword's occurrences (its papers). Like
bibliometrix and VOSviewer, the network keeps the ``top`` most frequent keywords (ties by name) that occur on at
least ``min_papers`` papers.

**Thematic map** (Callon, Courtial & Laville 1991, doi:10.1007/BF02019280; Cobo et al. 2011,
doi:10.1016/j.joi.2010.10.002; bibliometrix's ``thematicMap``). Links are normalised by the equivalence index
``e_ij = c_ij² / (c_i · c_j)``; themes are the Louvain communities of that network (seeded, so a run is
repeatable). Each theme gets

* **centrality** (relevance, Callon's): ``10 · Σ e_kh`` over the links from its keywords to other themes';
* **density** (development): ``100 · Σ e_ij`` over the links inside it, divided by its number of keywords;

and a quadrant by the medians: *motor* themes (central and dense), *basic* (central, not dense), *niche* (dense,
not central), *emerging or declining* (neither). A theme is named by its most frequent keyword.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from graphkit.analysis.thesaurus import Thesaurus
from graphkit.core.errors import GraphkitError
from graphkit.resolve.keywords import KEYWORD_KINDS as KIND_OF_COLUMN
from graphkit.resolve.keywords import keyword_id
from graphkit.store.base import Runner

__all__ = ["KEYWORD_KINDS", "KeywordNetwork", "Theme", "keyword_network", "thematic_map"]

KEYWORD_KINDS = tuple(KIND_OF_COLUMN.values())
"""The ``kind`` of a ``HAS_KEYWORD`` edge: ``author``, ``indexed``, ``topic`` (see :mod:`graphkit.resolve.keywords`)."""

QUADRANTS = ("motor themes", "basic themes", "niche themes", "emerging or declining themes")


@dataclass
class KeywordNetwork:
    """The kept keywords (by id, with name and occurrences) and their co-occurrence pairs (indexes into them)."""

    ids: list[str]
    names: list[str]
    occurrences: np.ndarray
    first: np.ndarray
    second: np.ndarray
    weight: np.ndarray
    papers: int = 0

    def graph(self) -> nx.Graph:
        """The co-occurrence network: nodes are keyword ids (``name``, ``papers``), edges weighted by papers."""
        graph = nx.Graph()
        for key, name, count in zip(self.ids, self.names, self.occurrences.tolist(), strict=True):
            graph.add_node(key, name=name, papers=int(count))
        for a, b, w in zip(self.first.tolist(), self.second.tolist(), self.weight.tolist(), strict=True):
            graph.add_edge(self.ids[a], self.ids[b], weight=int(w))
        return graph


@dataclass
class Theme:
    """One cluster of keywords on the thematic map."""

    number: int
    name: str
    keywords: list[str]
    occurrences: int
    centrality: float
    density: float
    quadrant: str = ""
    ids: list[str] = field(default_factory=list)


def keyword_network(
    runner: Runner, *, kind: str = "", top: int = 250, min_papers: int = 2, thesaurus: Thesaurus | None = None
) -> KeywordNetwork:
    """The co-occurrence network of a store's keywords (``kind``: one of :data:`KEYWORD_KINDS`, or ``""`` for all).

    A ``thesaurus`` (:mod:`graphkit.analysis.thesaurus`) merges keywords into the one it names (under the name
    it gives) and leaves out those it maps to nothing, before anything is counted.

    Examples
    --------
    >>> import tempfile, pathlib, os
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> shared = pathlib.Path(os.environ.get("GRAPHKIT_SHARED", "../shared"))
    >>> _ = build([shared / "data/wos-scopus-medline/testFile.isi"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     net = keyword_network(store, kind="indexed", min_papers=2)
    >>> net.names[:2], len(net.ids)
    (['LIGHT BEAM', 'DIELECTRIC INTERFACE'], 6)
    """
    if kind and kind not in KEYWORD_KINDS:
        raise GraphkitError(f"unknown keyword kind {kind!r}; choose one of {', '.join(KEYWORD_KINDS)} (or all)")
    query = (
        "MATCH (p:Paper)-[h:HAS_KEYWORD]->(k:Keyword) WHERE $kind = '' OR h.kind = $kind "
        "RETURN DISTINCT p.id AS paper, k.id AS keyword, k.name AS name"
    )
    # Columns, not a dictionary per row: a corpus with topics has millions of paper-keyword pairs.
    arrow = getattr(runner, "arrow", None)
    if callable(arrow):
        table = arrow(query, {"kind": kind})
    else:
        table = pa.Table.from_pylist(runner.execute(query, {"kind": kind}), schema=_ROWS)
    if table.num_rows == 0:
        return _empty(0)
    papers = pc.dictionary_encode(table.column("paper").combine_chunks())
    keywords = pc.dictionary_encode(table.column("keyword").combine_chunks())
    paper_of = papers.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    keyword_of = keywords.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    ids = keywords.dictionary.to_pylist()
    first_row = np.unique(keyword_of, return_index=True)[1]
    names = table.column("name").take(pa.array(first_row)).to_pylist()
    if thesaurus is not None:
        recode, ids, names = _apply(thesaurus, ids, names)
        keyword_of = recode[keyword_of]
        kept_rows = keyword_of >= 0
        paper_of, keyword_of = paper_of[kept_rows], keyword_of[kept_rows]
    # One entry per paper and keyword (a paper carrying two merged terms counts once).
    pairs = np.unique(paper_of * len(ids) + keyword_of)
    paper_of, keyword_of = pairs // max(len(ids), 1), pairs % max(len(ids), 1)
    paper_count = len(np.unique(paper_of))
    if not len(pairs):
        return _empty(0)
    incidence = sparse.csr_array(
        (np.ones(len(pairs), dtype=np.int64), (paper_of, keyword_of)), shape=(len(papers.dictionary), len(ids))
    )
    occurrences = np.bincount(keyword_of, minlength=len(ids))
    kept = np.array(
        sorted(
            (i for i in np.flatnonzero(occurrences >= min_papers).tolist()),
            key=lambda i: (-occurrences[i], names[i].casefold(), ids[i]),
        )[:top],
        dtype=np.int64,
    )
    if not len(kept):
        return _empty(paper_count)
    sub = incidence[:, kept]
    together = sparse.triu(sub.T @ sub, k=1).tocoo()
    # Pairs in one order whatever order the store returned its rows in: the clustering is seeded, and its
    # result must not depend on how the edges were listed.
    order = np.lexsort((together.col, together.row))
    return KeywordNetwork(
        ids=[ids[i] for i in kept],
        names=[names[i] for i in kept],
        occurrences=occurrences[kept].astype(np.int64),
        first=together.row[order].astype(np.int64),
        second=together.col[order].astype(np.int64),
        weight=together.data[order].astype(np.int64),
        papers=paper_count,
    )


_ROWS = pa.schema([("paper", pa.string()), ("keyword", pa.string()), ("name", pa.string())])


def _empty(papers: int) -> KeywordNetwork:
    empty = np.zeros(0, dtype=np.int64)
    return KeywordNetwork([], [], empty, empty, empty, empty, papers)


def _apply(thesaurus: Thesaurus, ids: list[str], names: list[str]) -> tuple[np.ndarray, list[str], list[str]]:
    """The thesaurus's merges and removals over the distinct keywords: each old keyword's new number (-1: left
    out), and the new keywords' ids and names (a merged keyword takes the name the thesaurus gives it)."""
    recode = np.full(len(ids), -1, dtype=np.int64)
    number: dict[str, int] = {}
    new_names: list[str] = []
    renamed: dict[str, str] = {}
    for old, (key, name) in enumerate(zip(ids, names, strict=True)):
        outcome = thesaurus.apply(key.removeprefix("kw:"))
        if outcome is None:
            continue
        if outcome is False:
            target, label = key, name
        else:
            assert isinstance(outcome, tuple)
            target, label = keyword_id(outcome[0]), outcome[1]
            renamed[target] = label
        if target not in number:
            number[target] = len(new_names)
            new_names.append(label)
        recode[old] = number[target]
    new_ids = list(number)
    return recode, new_ids, [renamed.get(key, name) for key, name in zip(new_ids, new_names, strict=True)]


def thematic_map(network: KeywordNetwork, *, seed: int = 0, resolution: float = 1.0) -> tuple[list[Theme], list[int]]:
    """Themes of a keyword network with their centrality, density and quadrant; and each keyword's theme number.

    Themes are numbered by occurrences (largest first); see the module notes for the measures.

    Examples
    --------
    >>> net = KeywordNetwork(["a", "b", "c", "d"], ["A", "B", "C", "D"], np.array([3, 3, 2, 2]),
    ...                      np.array([0, 2, 0]), np.array([1, 3, 2]), np.array([3, 2, 1]))
    >>> themes, of = thematic_map(net)
    >>> [(t.name, t.keywords, round(t.centrality, 2), round(t.density, 1)) for t in themes], of
    ([('A', ['A', 'B'], 1.67, 50.0), ('C', ['C', 'D'], 1.67, 50.0)], [0, 0, 1, 1])
    """
    count = len(network.ids)
    if count == 0:
        return [], []
    occurrences = network.occurrences.astype(float)
    equivalence = network.weight.astype(float) ** 2 / (occurrences[network.first] * occurrences[network.second])
    graph = nx.Graph()
    graph.add_nodes_from(range(count))
    for a, b, e in zip(network.first.tolist(), network.second.tolist(), equivalence.tolist(), strict=True):
        graph.add_edge(a, b, weight=e)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed, resolution=resolution)
    ranked = sorted(communities, key=lambda c: (-occurrences[sorted(c)].sum(), min(c)))
    theme_of = [0] * count
    for number, members in enumerate(ranked):
        for member in members:
            theme_of[member] = number
    inside = np.zeros(len(ranked))
    outside = np.zeros(len(ranked))
    for a, b, e in zip(network.first.tolist(), network.second.tolist(), equivalence.tolist(), strict=True):
        if theme_of[a] == theme_of[b]:
            inside[theme_of[a]] += e
        else:
            outside[theme_of[a]] += e
            outside[theme_of[b]] += e
    themes = []
    for number, members in enumerate(ranked):
        listed = sorted(members, key=lambda i: (-occurrences[i], network.names[i].casefold()))
        themes.append(
            Theme(
                number=number,
                name=network.names[listed[0]],
                keywords=[network.names[i] for i in listed],
                occurrences=int(occurrences[listed].sum()),
                centrality=float(10 * outside[number]),
                density=float(100 * inside[number] / len(listed)),
                ids=[network.ids[i] for i in listed],
            )
        )
    central = float(np.median([t.centrality for t in themes]))
    dense = float(np.median([t.density for t in themes]))
    for theme in themes:
        high_c, high_d = theme.centrality >= central, theme.density >= dense
        theme.quadrant = QUADRANTS[0 if high_c and high_d else 1 if high_c else 2 if high_d else 3]
    return themes, theme_of
