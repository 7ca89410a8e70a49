"""The bulk resolution decides exactly what the resolvers decide over every mention.

The bulk path sends only the mentions of ambiguous components to the resolvers, and a repeated plain
spelling not at all; these properties check, on generated corpora full of shared spellings, initials,
conflicting ids and repeated titles, that its clusters and decisions are those of one resolver run over
every mention.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.core.models import AuthorIds, AuthorRef, PaperIds, PaperRecord, Provenance
from graphkit.resolve import bulk_authors
from graphkit.resolve.authors import AuthorResolver
from graphkit.resolve.base import Mention, MergeDecision, OverridePairs
from graphkit.resolve.bulk_authors import resolve_authors
from graphkit.resolve.bulk_papers import resolve_papers
from graphkit.resolve.frame import MentionFrame
from graphkit.resolve.papers import PaperResolver
from graphkit.stage.tables import records_to_tables

_NAMES = [
    "J. Wu", "Jingfeng Wu", "Jiajun Wu", "Jingfeng X. Wu", "JINGFENG WU", "Sham Kakade", "Sham M. Kakade",
    "S. Kakade", "Ann Lee", "A. Lee", "Ann Lee", "Lee", "Carles Domingo-Enrich", "Carles Domingo Enrich",
]  # fmt: skip
_ORCIDS = [None, None, None, "0000-0001", "0000-0002"]
_TITLES = ["Deep Inventory Management", "deep inventory management", "Attention Is All You Need", "Introduction"]
_SOURCE = Provenance(source="generated", format="ranked-list")

bylines = st.lists(
    st.lists(st.tuples(st.sampled_from(_NAMES), st.sampled_from(_ORCIDS)), min_size=1, max_size=4),
    min_size=1,
    max_size=25,
)


def _without_canonical_ids(decisions: list[MergeDecision]) -> list[MergeDecision]:
    return [d.model_copy(update={"canonical_id": None}) for d in decisions]


def _author_records(papers: list[list[tuple[str, str | None]]]) -> list[PaperRecord]:
    return [
        PaperRecord(
            title=f"Paper number {i}",
            authors=[AuthorRef(name=n, ids=AuthorIds(orcid=o) if o else None) for n, o in byline],
            provenance=_SOURCE,
        )
        for i, byline in enumerate(papers)
    ]


def _sorted(decisions: list[MergeDecision]) -> list[tuple[str, ...]]:
    return sorted((d.entity, d.outcome, "|".join(d.labels), d.rule, d.evidence) for d in decisions)


@settings(max_examples=60, deadline=None)
@given(bylines, st.integers(min_value=1, max_value=4), st.sampled_from([1, 3, 100_000]))
def test_author_clusters_and_decisions_match_one_resolver_run(
    papers: list[list[tuple[str, str | None]]], max_authors: int, batch: int
) -> None:
    """Also in batches of whole components (the batch size is tiny here so that several occur): the same
    clusters and the same decisions, listed batch by batch."""
    records = _author_records(papers)
    mentions = [
        AuthorResolver.mention(name, {"orcid": orcid} if orcid else None, paper)
        for paper, byline in enumerate(papers)
        for name, orcid in byline
    ]
    expected = AuthorResolver(coauthor_max_authors=max_authors).resolve(list[Mention](mentions))
    with (
        MentionFrame([records_to_tables(records)]) as frame,
        mock.patch.object(bulk_authors, "RESOLVE_BATCH_MENTIONS", batch),
    ):
        resolve_papers(frame, OverridePairs())
        decisions = resolve_authors(frame, OverridePairs(), max_authors)
        clusters = [row[0] for row in frame.rows("SELECT cluster FROM author_of ORDER BY am")]
    assert clusters == expected.cluster_of
    assert _sorted(_without_canonical_ids(decisions)) == _sorted(expected.decisions)
    if batch > len(mentions):
        assert _without_canonical_ids(decisions) == expected.decisions


@settings(max_examples=30, deadline=None)
@given(bylines)
def test_author_overrides_match_one_resolver_run(papers: list[list[tuple[str, str | None]]]) -> None:
    overrides = OverridePairs(must_merge=[("J. Wu", "Jiajun Wu")], must_not_merge=[("Sham Kakade", "S. Kakade")])
    records = _author_records(papers)
    mentions = [
        AuthorResolver.mention(name, {"orcid": orcid} if orcid else None, paper)
        for paper, byline in enumerate(papers)
        for name, orcid in byline
    ]
    expected = AuthorResolver(overrides).resolve(list[Mention](mentions))
    with MentionFrame([records_to_tables(records)]) as frame:
        resolve_papers(frame, OverridePairs())
        decisions = resolve_authors(frame, overrides, 100)
        clusters = [row[0] for row in frame.rows("SELECT cluster FROM author_of ORDER BY am")]
    assert clusters == expected.cluster_of
    assert _without_canonical_ids(decisions) == expected.decisions


papers_strategy = st.lists(
    st.tuples(
        st.sampled_from(_TITLES),
        st.sampled_from([None, 2019, 2020, 2023]),
        st.sampled_from([None, "10.1/a", "10.1/b"]),
        st.sampled_from([None, "2101.00001"]),
        st.sampled_from([("Ann Lee",), ("Bo Chen",), ()]),
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(papers_strategy)
def test_paper_clusters_and_decisions_match_one_resolver_run(
    papers: list[tuple[str, int | None, str | None, str | None, tuple[str, ...]]],
) -> None:
    import datetime as dt

    records = [
        PaperRecord(
            title=title,
            date=dt.date(year, 1, 1) if year else None,
            ids=PaperIds(doi=doi, arxiv=arxiv),
            authors=[AuthorRef(name=n) for n in names],
            provenance=_SOURCE,
        )
        for title, year, doi, arxiv, names in papers
    ]
    mentions = [
        PaperResolver.mention(title, year, names, {"doi": doi or "", "arxiv": arxiv or ""})
        for title, year, doi, arxiv, names in papers
    ]
    expected = PaperResolver().resolve(list[Mention](mentions))
    with MentionFrame([records_to_tables(records)]) as frame:
        decisions = resolve_papers(frame, OverridePairs())
        reps = [row[0] for row in frame.rows("SELECT rep FROM paper_of ORDER BY pm")]
    assert reps == expected.cluster_of
    assert _without_canonical_ids(decisions) == expected.decisions


def test_sources_are_read_in_order_from_staged_parquet(tmp_path: object) -> None:
    """Two staged folders are one corpus: the second file's records come after the first's."""
    from pathlib import Path

    import pyarrow.parquet as pq

    from graphkit.stage.tables import TABLES

    folders = []
    for number, name in enumerate(["Ann Lee", "A. Lee"]):
        tables = records_to_tables(
            [PaperRecord(title=f"T{number}", authors=[AuthorRef(name=name)], provenance=_SOURCE)]
        )
        folder = Path(str(tmp_path)) / str(number)
        folder.mkdir()
        for table in TABLES:
            pq.write_table(tables.table(table), folder / f"{table}.parquet")
        folders.append(folder)
    with MentionFrame(folders) as frame:
        assert frame.rows("SELECT src, name FROM authors ORDER BY src") == [(0, "Ann Lee"), (1, "A. Lee")]
        resolve_papers(frame, OverridePairs())
        decisions = resolve_authors(frame, OverridePairs(), 100)
        assert frame.rows("SELECT name, name_variants FROM author_nodes") == [("Ann Lee", ["A. Lee"])]
    assert decisions[0].rule == "compatible name variants"
