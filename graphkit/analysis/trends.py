"""Change over time, read from the store: an author's timeline and the strongest bursts.

:func:`author_timeline` gives, for each year from an author's first dated paper to the last year the graph
holds, what the graph said about them at the end of that year: papers, citations (those made by papers dated up
to then, to their papers dated up to then, as ``analyze --as-of`` counts them), h-index, and — where ``analyze
--as-of`` or ``--years`` kept a snapshot in that year — PageRank in the coauthor graph of the time.
:func:`top_bursts` lists the papers, authors or categories with the strongest bursts that ``analyze`` found.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from graphkit.analysis.metrics import h_index
from graphkit.core.errors import GraphkitError
from graphkit.core.models import StrictModel
from graphkit.store.base import Runner

__all__ = [
    "BURST_SUBJECTS",
    "Burst",
    "Timeline",
    "TimelineYear",
    "author_timeline",
    "burst_query",
    "top_bursts",
    "year_span",
]

_PAPERS = """
MATCH (a:Author {id: $author_id})-[:AUTHORED]->(p:Paper)
WHERE p.date IS NOT NULL
RETURN p.id AS paper, p.date AS day
"""
_CITATIONS = """
MATCH (a:Author {id: $author_id})-[:AUTHORED]->(p:Paper)<-[:CITES]-(c:Paper)
WHERE p.date IS NOT NULL AND c.date IS NOT NULL
RETURN p.id AS paper, c.id AS citing, c.date AS day
"""
_LAST_DAY = "MATCH (p:Paper) WHERE p.date IS NOT NULL RETURN max(p.date) AS day"
_SNAPSHOTS = """
MATCH (a:Author {id: $author_id})-[:AUTHOR_SNAPSHOT]->(s:AuthorSnapshot)
RETURN s.as_of AS as_of, s.pagerank AS pagerank
ORDER BY as_of
"""
_NAME = "MATCH (a:Author {id: $author_id}) RETURN a.name AS name"


class TimelineYear(StrictModel):
    """An author as the graph stood at the end of ``year``.

    ``papers`` / ``citations``: what that year added; ``total_papers`` / ``total_citations``: everything up to its
    end (a citation counts from the year both its papers are dated in). ``pagerank``: from the latest snapshot in
    the year (``snapshot``), ``None`` where there is none.
    """

    year: int
    papers: int
    total_papers: int
    citations: int
    total_citations: int
    h_index: int
    pagerank: float | None = None
    snapshot: dt.date | None = None


class Timeline(StrictModel):
    """An author's years (:class:`TimelineYear`), oldest first."""

    author_id: str
    name: str
    years: list[TimelineYear]


def author_timeline(runner: Runner, author_id: str, *, last_year: int | None = None) -> Timeline:
    """The timeline of the author with id ``author_id`` (see the module notes), up to ``last_year`` if given.

    Undated papers, and citations from undated papers, are left out, as ``analyze --as-of`` leaves them out.

    Raises
    ------
    GraphkitError
        If no author has this id.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     author = store.execute("MATCH (a:Author) RETURN a.id AS id ORDER BY id LIMIT 1")[0]["id"]
    ...     timeline = author_timeline(store, author)
    >>> timeline.years[-1].total_papers >= 1
    True
    """
    parameters = {"author_id": author_id}
    named = runner.execute(_NAME, parameters)
    if not named:
        raise GraphkitError(f"no author with id {author_id!r} in the store")
    paper_year = {row["paper"]: _year(row["day"]) for row in runner.execute(_PAPERS, parameters)}
    citations = [
        (row["paper"], max(paper_year[row["paper"]], _year(row["day"])))
        for row in runner.execute(_CITATIONS, parameters)
    ]
    snapshots = runner.execute(_SNAPSHOTS, parameters)
    if not paper_year:
        return Timeline(author_id=author_id, name=named[0]["name"], years=[])
    last_day = runner.execute(_LAST_DAY)[0]["day"]
    last = last_year if last_year is not None else _year(last_day)
    years = []
    for year in range(min(paper_year.values()), last + 1):
        counts = {paper: 0 for paper, published in paper_year.items() if published <= year}
        for paper, counted in citations:
            if counted <= year:
                counts[paper] += 1
        snapshot = _latest_in(snapshots, year)
        years.append(
            TimelineYear(
                year=year,
                papers=sum(1 for published in paper_year.values() if published == year),
                total_papers=len(counts),
                citations=sum(1 for _, counted in citations if counted == year),
                total_citations=sum(counts.values()),
                h_index=h_index(list(counts.values())),
                pagerank=snapshot["pagerank"] if snapshot else None,
                snapshot=snapshot["as_of"] if snapshot else None,
            )
        )
    return Timeline(author_id=author_id, name=named[0]["name"], years=years)


def _year(day: Any) -> int:
    return day.year if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10]).year


def _latest_in(snapshots: list[dict[str, Any]], year: int) -> dict[str, Any] | None:
    """The latest snapshot dated in ``year`` (snapshots sorted by day), or ``None``."""
    days = [_year(row["as_of"]) for row in snapshots]  # a handful of snapshots: no index worth keeping
    index = bisect.bisect_right(days, year) - 1
    return snapshots[index] if index >= 0 and days[index] == year else None


BURST_SUBJECTS: dict[str, tuple[str, str, str]] = {
    "papers": ("Paper", "id", "title"),
    "authors": ("Author", "id", "name"),
    "categories": ("Category", "code", "name"),
}
"""What :func:`top_bursts` lists: label, key and the property shown as its name."""


class Burst(StrictModel):
    """One node's strongest burst (years inclusive)."""

    key: str
    name: str | None
    start: int
    end: int
    strength: float


def burst_query(subjects: str) -> str:
    """The statement :func:`top_bursts` runs for ``subjects`` (labels and properties from a fixed list).

    Examples
    --------
    >>> burst_query("categories").split(" RETURN ")[0]
    'MATCH (n:Category) WHERE n.burst_strength IS NOT NULL'
    """
    label, key, name = BURST_SUBJECTS[subjects]
    # "end" is a reserved word in LadybugDB's Cypher: the columns keep their property names.
    return (
        f"MATCH (n:{label}) WHERE n.burst_strength IS NOT NULL "
        f"RETURN n.{key} AS key, n.{name} AS name, n.burst_start AS burst_start, n.burst_end AS burst_end, "
        "n.burst_strength AS burst_strength ORDER BY burst_strength DESC, key LIMIT $limit"
    )


def top_bursts(runner: Runner, subjects: str = "papers", *, limit: int = 25) -> list[Burst]:
    """The ``limit`` strongest bursts of ``subjects`` (``papers``, ``authors`` or ``categories``), strongest first.

    Raises
    ------
    GraphkitError
        For unknown subjects, or when the store holds no bursts (``graphkit analyze`` finds them).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.analysis.writeback import analyze_store
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> _ = analyze_store(db, metrics=["activity_bursts"])
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     bursts = top_bursts(store, "authors", limit=3)
    >>> [(b.name, b.start, b.end) for b in bursts]
    [('Samy Jelassi', 2019, 2021)]
    """
    if subjects not in BURST_SUBJECTS:
        raise GraphkitError(f"bursts of {subjects!r}? choose {', '.join(BURST_SUBJECTS)}")
    rows = runner.execute(burst_query(subjects), {"limit": limit})
    if not rows:
        analysed = runner.execute("MATCH (a:Author) WHERE a.papers IS NOT NULL RETURN 1 AS x LIMIT 1")
        if not analysed:
            raise GraphkitError("no bursts in the store: run `graphkit analyze` first (it finds them)")
    return [
        Burst(key=row["key"], name=row["name"], start=row["burst_start"], end=row["burst_end"],
              strength=row["burst_strength"])
        for row in rows
    ]  # fmt: skip


def year_span(runner: Runner) -> tuple[int, int]:
    """The first and last year of the graph's papers (the years bursts are found over).

    Raises
    ------
    GraphkitError
        If no paper has a year.
    """
    # Papers some source describes: a stub paper's year is only what a reference string says of a cited work.
    row = runner.execute(
        "MATCH (p:Paper) WHERE p.year IS NOT NULL AND size(p.sources) > 0 RETURN min(p.year) AS first, "
        "max(p.year) AS last"
    )
    if not row or row[0]["first"] is None:
        raise GraphkitError("no paper in the store has a year")
    return int(row[0]["first"]), int(row[0]["last"])
