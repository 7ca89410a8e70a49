"""The analysable part of a graph as flat arrays: what ``analyze`` computes on, at any size.

:class:`GraphArrays` holds author and paper ids, paper dates, and the authorship, citation and coauthor
edges as integer arrays over row numbers — about 40 bytes per edge, where a NetworkX graph of the same edges
takes over 500. It is read from the embedded store through Arrow (:meth:`GraphArrays.from_store`, no Python
object per row) or taken from a :class:`~graphkit.resolve.graph.KnowledgeGraph`
(:meth:`GraphArrays.from_graph`). Rows are in the order of the ids (authors by id, papers by id, coauthor
pairs by their two rows), so the same graph gives the same arrays — and the same metrics — however its store
was written (in one build or several).

:meth:`GraphArrays.as_of` restricts it to a day as :func:`graphkit.analysis.metrics.restrict_to` does a
:class:`~graphkit.resolve.graph.KnowledgeGraph`: papers dated up to that day (undated papers are left out),
their authorships, the citations among them, the authors who wrote them, and the coauthor pairs derived again
from those papers (a paper with more than the build's author limit adds none).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from graphkit.core.errors import StoreError
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS

if TYPE_CHECKING:
    from graphkit.resolve.graph import KnowledgeGraph
    from graphkit.store.embedded import EmbeddedStore

__all__ = ["UNDATED", "Edges", "GraphArrays", "coauthor_pairs", "day_number"]

UNDATED = np.iinfo(np.int64).max
"""The day number of a paper without a date: after every day, so no ``as_of`` includes it."""
_EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (Arrow's ``date32``).

    Examples
    --------
    >>> day_number(dt.date(1970, 1, 2)), day_number(dt.date(2000, 1, 1))
    (1, 10957)
    """
    return (day - _EPOCH).days


@dataclass(frozen=True)
class Edges:
    """An edge list over nodes ``0 .. nodes - 1`` (``weight`` ``None``: every edge weighs 1).

    Examples
    --------
    >>> edges = Edges(3, np.array([0, 1]), np.array([1, 2]))
    >>> edges.adjacency().toarray().tolist()
    [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """

    nodes: int
    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray | None = None
    directed: bool = False

    @property
    def count(self) -> int:
        """The number of edges."""
        return len(self.source)

    def weights(self) -> np.ndarray:
        """The edge weights as floats (ones where the edges carry none)."""
        return np.ones(self.count) if self.weight is None else self.weight.astype(np.float64)

    def adjacency(self, *, weighted: bool = True) -> sparse.csr_array:
        """The adjacency matrix (both directions for an undirected graph; a self-loop once; repeats summed)."""
        data = self.weights() if weighted else np.ones(self.count)
        rows, cols = self.source, self.target
        if not self.directed:
            off = rows != cols
            rows, cols, data = (
                np.concatenate([rows, cols[off]]), np.concatenate([cols, rows[off]]), np.concatenate([data, data[off]])
            )  # fmt: skip
        matrix = sparse.csr_array((data, (rows, cols)), shape=(self.nodes, self.nodes))
        matrix.sum_duplicates()
        return matrix

    def simple(self) -> Edges:
        """The same graph without self-loops, weights dropped (what cores, clustering and betweenness count)."""
        keep = self.source != self.target
        return Edges(self.nodes, self.source[keep], self.target[keep], None, self.directed)


def coauthor_pairs(
    author: np.ndarray, paper: np.ndarray, papers: int, max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coauthor pairs ``(a, b, shared papers)`` with ``a < b``, sorted, from authorship rows.

    As :meth:`~graphkit.resolve.graph.KnowledgeGraph.derive_coauthorships`: a paper with more than
    ``max_authors`` authors adds no pairs. No Python loop: every paper's pairs are generated at once.

    Examples
    --------
    >>> a, b, n = coauthor_pairs(np.array([0, 1, 2, 0, 1]), np.array([0, 0, 0, 1, 1]), 2)
    >>> a.tolist(), b.tolist(), n.tolist()
    ([0, 0, 1], [1, 2, 2], [2, 1, 1])
    """
    per_paper = np.bincount(paper, minlength=papers)
    keep = (per_paper[paper] >= 2) & (per_paper[paper] <= max_authors)
    author, paper = author[keep], paper[keep]
    order = np.lexsort((author, paper))
    author, paper = author[order], paper[order]
    sizes = per_paper[paper]
    # Row i is the j-th author of its paper (j from 0); it pairs with the sizes - j - 1 authors after it.
    starts = np.flatnonzero(np.r_[True, paper[1:] != paper[:-1]]) if len(paper) else np.zeros(0, np.int64)
    position = np.arange(len(paper)) - np.repeat(starts, np.diff(np.r_[starts, len(paper)]))
    later = sizes - position - 1
    left = np.repeat(np.arange(len(paper)), later)
    step = np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later) + 1
    a, b = author[left], author[left + step]
    low, high = np.minimum(a, b), np.maximum(a, b)
    width = int(author.max(initial=0)) + 1
    key, shared = np.unique(low.astype(np.int64) * width + high, return_counts=True)
    return key // width, key % width, shared.astype(np.int64)


def _dense_rows(table: pa.Table, what: str) -> None:
    rows = table.column("row").to_numpy()
    if len(rows) and not np.array_equal(rows, np.arange(len(rows))):
        raise StoreError(f"{what} rows are not dense; the store may be damaged — rebuild it with `graphkit build`")


@dataclass(frozen=True)
class GraphArrays:
    """Authors, papers and the edges between them as arrays (see the module notes).

    ``paper_day`` is days since 1970 (:data:`UNDATED` for none), ``paper_year`` the year (0 for none, and for a
    stub paper: a work only cited, whose year a reference string gives);
    ``authored_*``, ``cites_*`` and ``pair_*`` are row numbers into ``author_ids`` / ``paper_ids``;
    ``in_category_*`` pairs paper rows with rows of ``category_codes``.
    """

    author_ids: pa.Array
    paper_ids: pa.Array
    paper_day: np.ndarray
    paper_year: np.ndarray
    authored_author: np.ndarray
    authored_paper: np.ndarray
    cites_source: np.ndarray
    cites_target: np.ndarray
    pair_a: np.ndarray
    pair_b: np.ndarray
    pair_papers: np.ndarray
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS
    category_codes: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    in_category_paper: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    in_category_category: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))

    @property
    def authors(self) -> int:
        """The number of authors."""
        return len(self.author_ids)

    @property
    def papers(self) -> int:
        """The number of papers."""
        return len(self.paper_ids)

    def coauthor_edges(self) -> Edges:
        """The undirected coauthor graph, weighted by shared papers."""
        return Edges(self.authors, self.pair_a, self.pair_b, self.pair_papers)

    def citation_edges(self) -> Edges:
        """The directed citation graph (citing paper to cited paper)."""
        return Edges(self.papers, self.cites_source, self.cites_target, None, directed=True)

    @classmethod
    def build(
        cls,
        author_ids: pa.Array,
        paper_ids: pa.Array,
        paper_day: np.ndarray,
        paper_year: np.ndarray,
        authored: tuple[np.ndarray, np.ndarray],
        cites: tuple[np.ndarray, np.ndarray],
        pairs: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
        coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
        categories: tuple[pa.Array, tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> GraphArrays:
        """Arrays from rows in any order, put in the canonical order (ids sorted; edges sorted and deduplicated).

        ``pairs`` ``None``: derived from the authorships (:func:`coauthor_pairs`). ``categories``: the category
        codes and the (paper row, category row) pairs of ``IN_CATEGORY``.
        """
        author_order = pc.sort_indices(author_ids).to_numpy()
        paper_order = pc.sort_indices(paper_ids).to_numpy()
        author_rank = np.empty(len(author_order), np.int64)
        author_rank[author_order] = np.arange(len(author_order))
        paper_rank = np.empty(len(paper_order), np.int64)
        paper_rank[paper_order] = np.arange(len(paper_order))
        authored_author, authored_paper = _sorted_unique(author_rank[authored[0]], paper_rank[authored[1]])
        cites_source, cites_target = _sorted_unique(paper_rank[cites[0]], paper_rank[cites[1]])
        if pairs is None:
            pair_a, pair_b, shared = coauthor_pairs(
                authored_author, authored_paper, len(paper_order), coauthor_max_authors
            )
        else:
            a, b = author_rank[pairs[0]], author_rank[pairs[1]]
            low, high = np.minimum(a, b), np.maximum(a, b)
            order = np.lexsort((high, low))
            pair_a, pair_b, shared = low[order], high[order], np.asarray(pairs[2], np.int64)[order]
        codes, (in_paper, in_category) = categories or (pa.array([], pa.string()), (np.zeros(0, np.int64),) * 2)
        code_order = pc.sort_indices(codes).to_numpy()
        code_rank = np.empty(len(code_order), np.int64)
        code_rank[code_order] = np.arange(len(code_order))
        in_paper, in_category = _sorted_unique(
            paper_rank[np.asarray(in_paper, np.int64)], code_rank[np.asarray(in_category, np.int64)]
        )
        return cls(
            author_ids=author_ids.take(pa.array(author_order)),
            paper_ids=paper_ids.take(pa.array(paper_order)),
            paper_day=np.asarray(paper_day, np.int64)[paper_order],
            paper_year=np.asarray(paper_year, np.int64)[paper_order],
            authored_author=authored_author,
            authored_paper=authored_paper,
            cites_source=cites_source,
            cites_target=cites_target,
            pair_a=pair_a,
            pair_b=pair_b,
            pair_papers=shared,
            coauthor_max_authors=coauthor_max_authors,
            category_codes=codes.take(pa.array(code_order, pa.int64())),
            in_category_paper=in_paper,
            in_category_category=in_category,
        )

    @classmethod
    def from_graph(cls, graph: KnowledgeGraph) -> GraphArrays:
        """The arrays of an in-memory graph (its ``coauthored_with`` pairs as they are).

        Examples
        --------
        >>> from graphkit.resolve.graph import KnowledgeGraph, Paper, Author
        >>> g = KnowledgeGraph(papers={"p": Paper("p", "T")}, authors={x: Author(x, x) for x in "ba"},
        ...                    authored={("a", "p"): 0, ("b", "p"): 1})
        >>> g.derive_coauthorships()
        >>> arrays = GraphArrays.from_graph(g)
        >>> arrays.author_ids.to_pylist(), arrays.pair_a.tolist(), arrays.pair_b.tolist()
        (['a', 'b'], [0], [1])
        """
        author_index = {author_id: row for row, author_id in enumerate(graph.authors)}
        paper_index = {paper_id: row for row, paper_id in enumerate(graph.papers)}
        days = [day_number(p.date) if p.date is not None else UNDATED for p in graph.papers.values()]
        # A stub paper (no title, no source: a work only cited) counts in no year: its year is only what a
        # reference string says, and a year's papers are those the corpus holds.
        years = [(p.year or 0) if p.title is not None or p.sources else 0 for p in graph.papers.values()]

        def rows(index: dict[str, int], keys: list[str]) -> np.ndarray:
            return np.fromiter((index[k] for k in keys), np.int64, count=len(keys))

        authored = list(graph.authored)
        cites = list(graph.cites)
        pairs = list(graph.coauthored_with.items())
        category_index = {code: row for row, code in enumerate(graph.categories)}
        in_category = [key for key in graph.in_category if key[1] in category_index]
        return cls.build(
            pa.array(list(graph.authors), pa.string()),
            pa.array(list(graph.papers), pa.string()),
            np.array(days, np.int64),
            np.array(years, np.int64),
            (rows(author_index, [a for a, _ in authored]), rows(paper_index, [p for _, p in authored])),
            (rows(paper_index, [s for s, _ in cites]), rows(paper_index, [d for _, d in cites])),
            (
                rows(author_index, [a for (a, _), _ in pairs]),
                rows(author_index, [b for (_, b), _ in pairs]),
                np.array([c.papers for _, c in pairs], np.int64),
            ),
            categories=(
                pa.array(list(graph.categories), pa.string()),
                (rows(paper_index, [p for p, _ in in_category]), rows(category_index, [c for _, c in in_category])),
            ),
        )

    @classmethod
    def from_store(cls, store: EmbeddedStore, coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS) -> GraphArrays:
        """The arrays of an open embedded store, read through Arrow (LadybugDB's row offsets as numbers).

        The coauthor pairs are the stored ones, so the limit on hyper-authored papers the build applied holds.

        Raises
        ------
        StoreError
            If a table's rows are not numbered densely (a damaged store).
        """
        authors = store.arrow("MATCH (a:Author) RETURN offset(id(a)) AS row, a.id AS id ORDER BY row")
        papers = store.arrow(
            "MATCH (p:Paper) RETURN offset(id(p)) AS row, p.id AS id, p.date AS date, "
            "CASE WHEN p.title IS NULL AND size(p.sources) = 0 THEN NULL ELSE p.year END AS year ORDER BY row"
        )
        _dense_rows(authors, "author")
        _dense_rows(papers, "paper")
        authored = store.arrow("MATCH (a:Author)-[:AUTHORED]->(p:Paper) RETURN offset(id(a)) AS a, offset(id(p)) AS p")
        cites = store.arrow("MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN offset(id(a)) AS a, offset(id(b)) AS b")
        pairs = store.arrow(
            "MATCH (a:Author)-[c:COAUTHORED_WITH]->(b:Author) RETURN offset(id(a)) AS a, offset(id(b)) AS b, "
            "c.papers AS papers"
        )
        categories = store.arrow("MATCH (c:Category) RETURN offset(id(c)) AS row, c.code AS code ORDER BY row")
        _dense_rows(categories, "category")
        in_category = store.arrow(
            "MATCH (p:Paper)-[:IN_CATEGORY]->(c:Category) RETURN offset(id(p)) AS p, offset(id(c)) AS c"
        )
        day = pc.fill_null(papers.column("date").cast(pa.int32()).cast(pa.int64()), UNDATED).to_numpy()
        year = pc.fill_null(papers.column("year").cast(pa.int64()), 0).to_numpy()

        def numbers(table: pa.Table, name: str) -> np.ndarray:
            return np.asarray(table.column(name).to_numpy(), np.int64)

        return cls.build(
            authors.column("id").combine_chunks().cast(pa.string()),
            papers.column("id").combine_chunks().cast(pa.string()),
            day,
            year,
            (numbers(authored, "a"), numbers(authored, "p")),
            (numbers(cites, "a"), numbers(cites, "b")),
            (numbers(pairs, "a"), numbers(pairs, "b"), numbers(pairs, "papers")),
            coauthor_max_authors,
            (
                categories.column("code").combine_chunks().cast(pa.string()),
                (numbers(in_category, "p"), numbers(in_category, "c")),
            ),
        )

    def as_of(self, day: dt.date) -> GraphArrays:
        """The graph as it stood on ``day`` (see the module notes); rows keep their relative order."""
        kept_papers = np.flatnonzero(self.paper_day <= day_number(day))
        paper_row = np.full(self.papers, -1, np.int64)
        paper_row[kept_papers] = np.arange(len(kept_papers))
        keep = paper_row[self.authored_paper] >= 0
        authored_paper = paper_row[self.authored_paper[keep]]
        kept_authors = np.unique(self.authored_author[keep])
        author_row = np.full(self.authors, -1, np.int64)
        author_row[kept_authors] = np.arange(len(kept_authors))
        authored_author = author_row[self.authored_author[keep]]
        source, target = paper_row[self.cites_source], paper_row[self.cites_target]
        cited = (source >= 0) & (target >= 0)
        pair_a, pair_b, shared = coauthor_pairs(
            authored_author, authored_paper, len(kept_papers), self.coauthor_max_authors
        )
        in_paper = paper_row[self.in_category_paper]
        filed = in_paper >= 0
        return replace(
            self,
            author_ids=self.author_ids.take(pa.array(kept_authors, pa.int64())),
            paper_ids=self.paper_ids.take(pa.array(kept_papers, pa.int64())),
            paper_day=self.paper_day[kept_papers],
            paper_year=self.paper_year[kept_papers],
            authored_author=authored_author,
            authored_paper=authored_paper,
            cites_source=source[cited],
            cites_target=target[cited],
            pair_a=pair_a,
            pair_b=pair_b,
            pair_papers=shared,
            in_category_paper=in_paper[filed],
            in_category_category=self.in_category_category[filed],
        )


def _sorted_unique(first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs sorted by (first, second), repeats removed."""
    if not len(first):
        return first.astype(np.int64), second.astype(np.int64)
    order = np.lexsort((second, first))
    first, second = first[order], second[order]
    fresh = np.r_[True, (first[1:] != first[:-1]) | (second[1:] != second[:-1])]
    return first[fresh], second[fresh]
