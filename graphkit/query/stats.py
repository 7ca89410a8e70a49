"""Counts and coverage figures of a stored graph (``graphkit stats``)."""

from __future__ import annotations

from pydantic import Field

from graphkit.core.models import StrictModel
from graphkit.store.embedded import EmbeddedStore

__all__ = ["BuildSummary", "Coverage", "GraphStats", "graph_stats"]

# Each coverage figure: (name, query returning n, the count it is a share of).
_COVERAGE = (
    ("papers with complete author lists", "MATCH (p:Paper) WHERE p.authors_complete RETURN count(p) AS n", "Paper"),
    ("papers with dates", "MATCH (p:Paper) WHERE p.date IS NOT NULL RETURN count(p) AS n", "Paper"),
    ("papers with inferred years", "MATCH (p:Paper) WHERE p.year_inferred RETURN count(p) AS n", "Paper"),
    ("papers with categories", "MATCH (p:Paper)-[:IN_CATEGORY]->(:Category) RETURN count(DISTINCT p) AS n", "Paper"),
    (
        "papers with affiliations",
        "MATCH (p:Paper)-[:FROM_INSTITUTION]->(:Institution) RETURN count(DISTINCT p) AS n",
        "Paper",
    ),
    ("papers citing others", "MATCH (p:Paper)-[:CITES]->(:Paper) RETURN count(DISTINCT p) AS n", "Paper"),
    ("papers cited", "MATCH (:Paper)-[:CITES]->(p:Paper) RETURN count(DISTINCT p) AS n", "Paper"),
    # Works only cited (a reference no source describes): the share the other paper figures are diluted by.
    ("stub papers (only cited)", "MATCH (p:Paper) WHERE size(p.sources) = 0 RETURN count(p) AS n", "Paper"),
    ("papers with keywords", "MATCH (p:Paper)-[:HAS_KEYWORD]->(:Keyword) RETURN count(DISTINCT p) AS n", "Paper"),
    (
        "authors with external ids",
        "MATCH (a:Author) WHERE a.orcid IS NOT NULL OR a.openalex_id IS NOT NULL OR a.s2_id IS NOT NULL "
        "OR a.dblp_id IS NOT NULL OR a.scopus_id IS NOT NULL RETURN count(a) AS n",
        "Author",
    ),
    ("authors with affiliations", "MATCH (a:Author)-[:AFFILIATED_WITH]->() RETURN count(DISTINCT a) AS n", "Author"),
)


class Coverage(StrictModel):
    """One coverage figure: ``count`` of ``total``."""

    count: int
    total: int

    @property
    def percent(self) -> float:
        """``count`` as a percentage of ``total`` (0 when there is nothing to count)."""
        return 100.0 * self.count / self.total if self.total else 0.0


class BuildSummary(StrictModel):
    """What the store was built from: its staged source files and when."""

    files: int
    records: int
    built_at: str
    coauthor_max_authors: int


class GraphStats(StrictModel):
    """Counts of every node and edge type, coverage figures, and what the graph was built from."""

    db: str
    counts: dict[str, int]
    coverage: dict[str, Coverage] = Field(default_factory=dict)
    build: BuildSummary | None = None


def graph_stats(store: EmbeddedStore) -> GraphStats:
    """Compute counts and coverage of an open store.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
    ...     graph_stats(store).coverage["papers with dates"].count
    0
    """
    counts = store.counts()
    coverage = {
        name: Coverage(count=store.execute(query)[0]["n"], total=counts[total]) for name, query, total in _COVERAGE
    }
    state = store.build_state()
    build = None
    if state is not None:
        build = BuildSummary(
            files=len(state.sources),
            records=state.records,
            built_at=state.built_at,
            coauthor_max_authors=state.coauthor_max_authors,
        )
    return GraphStats(db=str(store.path), counts=counts, coverage=coverage, build=build)
