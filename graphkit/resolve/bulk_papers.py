"""Paper resolution over the mention frame: ids and title keys joined in bulk, rules only where needed.

Every paper record is a mention, numbered ``pm`` in record order (table ``pm`` in the frame).
Records that share an external id or a normalised title (of three words or more) form candidate
components (:mod:`graphkit.resolve.components`); a record alone in its component is a paper by
itself and is written straight from its columns. The records of the other components — a small
part of any corpus — go through :class:`~graphkit.resolve.papers.PaperResolver` in one call, in
record order, which gives exactly the clusters and decisions a run over every record would (a
record alone in its component proposes no link and takes no decision).

The result is two frame tables: ``paper_of (pm, rep, paper_id)``, every record's paper (``rep`` is
the cluster's first record), and ``paper_nodes``, one row per paper in the columns of
:data:`~graphkit.resolve.tables.NODE_SCHEMAS` ``["Paper"]`` except the title and abstract, which
stay in the staged files until the graph is written (``abstract_pm`` names the record whose abstract it takes).
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphkit.core.text import normalise_title
from graphkit.resolve.base import MergeDecision, OverridePairs
from graphkit.resolve.components import components
from graphkit.resolve.frame import MentionFrame
from graphkit.resolve.papers import _MIN_TITLE_WORDS, PaperResolver

__all__ = [
    "PAPER_ID_COLUMNS",
    "PAPER_ID_KINDS",
    "candidate_names",
    "resolve_papers",
    "short_hash",
    "unique_id",
    "unique_ids",
]

PAPER_ID_KINDS = ("arxiv", "doi", "openalex", "s2", "dblp", "wos", "scopus", "pmid")
"""Paper id kinds, in the order that picks a paper's canonical id."""
PAPER_ID_COLUMNS = {
    "arxiv": "arxiv_id", "doi": "doi", "openalex": "openalex_id", "s2": "s2_id", "dblp": "dblp_key", "wos": "wos_id",
    "scopus": "scopus_id", "pmid": "pmid",
}  # fmt: skip
"""The node column of each paper id kind."""


def short_hash(text: str) -> str:
    """The 12-hex-digit SHA-1 prefix that names an entity without an external id.

    Examples
    --------
    >>> short_hash("a")
    '86f7e437faa5'
    """
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def unique_id(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3`` … if taken; the result is added to ``taken``.

    Examples
    --------
    >>> taken = set()
    >>> unique_id("x", taken), unique_id("x", taken)
    ('x', 'x-2')
    """
    if candidate not in taken:
        taken.add(candidate)
        return candidate
    number = 2
    while f"{candidate}-{number}" in taken:
        number += 1
    taken.add(f"{candidate}-{number}")
    return f"{candidate}-{number}"


def unique_ids(candidates: list[str]) -> list[str]:
    """Each candidate id made unique in order (:func:`unique_id`): what names the clusters of a build.

    Examples
    --------
    >>> unique_ids(["gk-p-1", "doi:10.1/a", "doi:10.1/a"])
    ['gk-p-1', 'doi:10.1/a', 'doi:10.1/a-2']
    """
    taken: set[str] = set()
    return [unique_id(candidate, taken) for candidate in candidates]


def candidate_names(ids: pa.Table, kinds: tuple[str, ...], fallbacks: list[str]) -> list[str]:
    """Each cluster's name before it is made unique (:func:`unique_ids`): ``kind:value`` of its first id in
    ``kinds`` order (one row of ``ids`` per cluster), else its fallback.

    Examples
    --------
    >>> candidate_names(pa.table({"doi": [None, "10.1/a"]}), ("doi",), ["gk-p-1", "gk-p-2"])
    ['gk-p-1', 'doi:10.1/a']
    """
    columns = [ids.column(kind).to_pylist() for kind in kinds]
    return [
        next(
            (f"{kind}:{column[index]}" for kind, column in zip(kinds, columns, strict=True) if column[index]), fallback
        )
        for index, fallback in enumerate(fallbacks)
    ]


def resolve_papers(frame: MentionFrame, overrides: OverridePairs) -> list[MergeDecision]:
    """Resolve the frame's paper records into ``paper_of`` and ``paper_nodes``; return the decisions.

    Examples
    --------
    >>> from graphkit.core.models import PaperRecord, Provenance
    >>> from graphkit.stage.tables import records_to_tables
    >>> src = Provenance(source="a", format="ranked-list")
    >>> records = [PaperRecord(title=t, provenance=src) for t in ("A Study of Things", "A study of things")]
    >>> with MentionFrame([records_to_tables(records)]) as frame:
    ...     decisions = resolve_papers(frame, OverridePairs())
    ...     frame.rows("SELECT count(*) FROM paper_nodes")[0][0], decisions[0].rule
    (1, 'same title')
    """
    frame.sql(
        """
        CREATE TABLE pm AS
        SELECT (row_number() OVER (ORDER BY src, rec) - 1)::BIGINT AS pm, src, rec,
               CASE WHEN line IS NULL THEN source ELSE source || ':' || line END AS location,
               -- Titles and abstracts stay in the staged files: they are read again only when written.
               coalesce(length(abstract), 0) AS abstract_length, date, date_precision, year_inferred, category,
               categories, author_count, authors_complete, cited_by_count, score, upvotes, has_code, profile_author,
               arxiv, doi, openalex, s2, dblp, wos, scopus, pmid, organisation_name, organisation_slug,
               organisation_ror, organisation_country, venue, volume, pages
        FROM papers ORDER BY pm
        """
    )
    count = frame.rows("SELECT count(*) FROM pm")[0][0]
    title_keys = _title_keys(frame)
    key_columns = [_title_codes(frame, title_keys)]
    first_by_id = frame.numpy(
        "SELECT "
        + ", ".join(
            f"CASE WHEN coalesce({k}, '') = '' THEN -1 ELSE min(pm) OVER (PARTITION BY {k}) END AS {k}"
            for k in PAPER_ID_KINDS
        )
        + " FROM pm ORDER BY pm"
    )
    key_columns.extend(np.asarray(first_by_id[k], dtype=np.int64) for k in PAPER_ID_KINDS)
    if overrides.must_merge or overrides.must_not_merge:
        key_columns.append(_override_codes(frame, title_keys, overrides))
    component = components(count, key_columns)
    sizes = np.bincount(component, minlength=count)
    rep = np.arange(count, dtype=np.int64)
    decisions: list[MergeDecision] = []
    shared = np.flatnonzero(sizes[component] > 1)
    if len(shared):
        mentions = _mentions(frame, shared)
        clustering = PaperResolver(overrides).resolve(mentions)
        rep[shared] = shared[np.asarray(clustering.cluster_of, dtype=np.int64)]
        decisions = clustering.decisions
    frame.register("_paper_rep", pa.table({"pm": np.arange(count, dtype=np.int64), "rep": rep}))
    # Kept for the build's resolution index (:mod:`graphkit.resolve.index`): what an incremental build
    # needs to find the components a change touches.
    frame.register(
        "paper_index",
        pa.table({
            "pm": np.arange(count, dtype=np.int64),
            "component": component.astype(np.int64),
            "title_key": pc.if_else(title_keys.column("matchable"), title_keys.column("key"), None),
        }),
    )  # fmt: skip
    _paper_ids(frame, title_keys)
    _paper_nodes(frame)
    frame.drop("_paper_rep", "_shared", "_paper_names")
    _decision_components(frame, decisions)
    _canonical_ids(frame, decisions)
    return decisions


def _decision_components(frame: MentionFrame, decisions: list[MergeDecision]) -> None:
    """Frame table ``paper_decision_components (label, component)``: the component of the records bearing each
    title a decision names (the first, where one short title is in several), for the build's resolution index."""
    labels = sorted({label for decision in decisions for label in decision.labels})
    frame.register("_decision_labels", pa.table({"label": pa.array(labels, pa.string())}))
    frame.sql(
        """
        CREATE OR REPLACE TABLE paper_decision_components AS
        SELECT l.label, min(i.component) AS component
        FROM pm JOIN paper_index i USING (pm) JOIN papers t ON t.src = pm.src AND t.rec = pm.rec
        JOIN _decision_labels l ON l.label = coalesce(t.title, '') GROUP BY l.label
        """
    )
    frame.drop("_decision_labels")


def _title_keys(frame: MentionFrame) -> pa.Table:
    """The normalised title of every record (``key``), in record order, and whether it is long enough to match
    on (``matchable``: at least :data:`_MIN_TITLE_WORDS` words), as Arrow columns, not Python lists of millions."""
    parts = []
    for batch in frame.reader("SELECT title FROM papers ORDER BY src, rec"):
        keys = [normalise_title(title or "") for title in batch.column(0).to_pylist()]
        matchable = [len(key.split()) >= _MIN_TITLE_WORDS for key in keys]
        parts.append(pa.record_batch({"key": pa.array(keys, type=pa.large_string()), "matchable": matchable}))
    schema = pa.schema({"key": pa.large_string(), "matchable": pa.bool_()})
    return pa.Table.from_batches(parts, schema=schema).combine_chunks()


def _title_codes(frame: MentionFrame, title_keys: pa.Table) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Equal codes for equal matchable title keys; ``-1`` for the others."""
    frame.register("_title_keys", title_keys.append_column("pm", pa.array(np.arange(title_keys.num_rows))))
    codes = frame.numpy(
        "SELECT CASE WHEN matchable THEN dense_rank() OVER (ORDER BY key) ELSE -1 END AS code FROM _title_keys "
        "ORDER BY pm"
    )["code"]
    frame.drop("_title_keys")
    return np.asarray(codes, dtype=np.int64)


def _override_codes(
    frame: MentionFrame, title_keys: pa.Table, overrides: OverridePairs
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Code 0 for every record an override names (one component holds them all), else -1."""
    resolver = PaperResolver(overrides)
    named = {
        resolver.override_key(side) for pair in [*overrides.must_merge, *overrides.must_not_merge] for side in pair
    }
    ids = frame.arrow(f"SELECT {', '.join(PAPER_ID_KINDS)} FROM pm ORDER BY pm").to_pylist()
    result = np.full(len(title_keys), -1, dtype=np.int64)
    for index, (key, row) in enumerate(zip(title_keys.column("key").to_pylist(), ids, strict=True)):
        values = {value for kind, value in row.items() if value} | {f"{k}:{v}" for k, v in row.items() if v}
        if key in named or values & named:
            result[index] = 0
    return result


def _mentions(frame: MentionFrame, shared: np.ndarray[Any, np.dtype[np.int64]]) -> list[Any]:
    frame.register("_shared", pa.table({"pm": shared}))
    rows = frame.arrow(
        f"""
        SELECT t.title, year(pm.date) AS year, {", ".join(f"pm.{k}" for k in PAPER_ID_KINDS)},
               (SELECT list(a.name ORDER BY a.row) FROM authors a WHERE a.src = pm.src AND a.rec = pm.rec) AS names
        FROM pm JOIN _shared USING (pm) JOIN papers t ON t.src = pm.src AND t.rec = pm.rec ORDER BY pm.pm
        """
    ).to_pylist()
    return [
        PaperResolver.mention(
            row["title"] or "", row["year"], row["names"] or [], {k: row[k] for k in PAPER_ID_KINDS if row[k]}
        )
        for row in rows
    ]


def _paper_ids(frame: MentionFrame, title_keys: pa.Table) -> None:
    """Name every cluster: its first id by kind order, else a hash of its title key; unique in cluster order."""
    clusters = frame.arrow(
        "SELECT rep, "
        + ", ".join(f"first({k} ORDER BY pm) FILTER (WHERE {k} <> '') AS {k}" for k in PAPER_ID_KINDS)
        + " FROM pm JOIN _paper_rep USING (pm) GROUP BY rep ORDER BY rep"
    )
    fallbacks = ["gk-p-" + short_hash(key) for key in title_keys.column("key").take(clusters.column("rep")).to_pylist()]
    candidates = candidate_names(clusters, PAPER_ID_KINDS, fallbacks)
    names = unique_ids(candidates)
    frame.register(
        "_paper_names", pa.table({"rep": clusters.column("rep"), "paper_id": names, "candidate": candidates})
    )
    frame.sql(
        "CREATE TABLE paper_of AS SELECT pm, rep, paper_id, candidate FROM _paper_rep JOIN _paper_names USING (rep) "
        "ORDER BY pm"
    )


def _paper_nodes(frame: MentionFrame) -> None:
    """One row per paper: a lone record's own fields; a cluster's union of its records' fields."""
    frame.sql(
        """
        CREATE TABLE paper_nodes AS
        WITH members AS (
            SELECT pm.*, paper_of.rep, paper_of.paper_id, count(*) OVER (PARTITION BY paper_of.rep) AS size
            FROM pm JOIN paper_of USING (pm)
        ),
        ranked AS (
            -- The record whose date the paper takes: explicit dates beat inferred ones, then the earliest.
            SELECT *, row_number() OVER (
                PARTITION BY rep ORDER BY date IS NULL, coalesce(year_inferred, false), date, pm
            ) AS date_rank
            FROM members
        )
        SELECT
            rep,
            any_value(paper_id) AS id,
            first(date) FILTER (WHERE date_rank = 1) AS date,
            year(first(date) FILTER (WHERE date_rank = 1)) AS year,
            -- A lone record keeps its own fields as they are; a cluster takes the dated record's.
            CASE WHEN any_value(size) = 1 THEN any_value(date_precision)
                 ELSE first(date_precision) FILTER (WHERE date_rank = 1 AND date IS NOT NULL) END AS date_precision,
            CASE WHEN any_value(size) = 1 THEN coalesce(any_value(year_inferred), false)
                 ELSE coalesce(first(year_inferred) FILTER (WHERE date_rank = 1 AND date IS NOT NULL), false)
            END AS year_inferred,
            -- The record whose abstract the paper takes (the longest; a lone record's, whatever it is).
            CASE WHEN any_value(size) = 1 THEN any_value(pm)
                 ELSE first(pm ORDER BY abstract_length DESC, pm) FILTER (WHERE abstract_length > 0) END AS abstract_pm,
            first(doi ORDER BY pm) FILTER (WHERE doi <> '') AS doi,
            first(arxiv ORDER BY pm) FILTER (WHERE arxiv <> '') AS arxiv_id,
            first(openalex ORDER BY pm) FILTER (WHERE openalex <> '') AS openalex_id,
            first(s2 ORDER BY pm) FILTER (WHERE s2 <> '') AS s2_id,
            first(dblp ORDER BY pm) FILTER (WHERE dblp <> '') AS dblp_key,
            first(wos ORDER BY pm) FILTER (WHERE wos <> '') AS wos_id,
            first(scopus ORDER BY pm) FILTER (WHERE scopus <> '') AS scopus_id,
            first(pmid ORDER BY pm) FILTER (WHERE pmid <> '') AS pmid,
            first(venue ORDER BY pm) FILTER (WHERE venue <> '') AS venue,
            first(volume ORDER BY pm) FILTER (WHERE volume <> '') AS volume,
            first(pages ORDER BY pm) FILTER (WHERE pages <> '') AS pages,
            max(author_count) AS author_count,
            coalesce(bool_or(authors_complete), false) AS authors_complete,
            max(cited_by_count) AS citation_count,
            CASE WHEN any_value(size) = 1 THEN any_value(category)
                 ELSE first(category ORDER BY pm) FILTER (WHERE category <> '') END AS category,
            first(score ORDER BY pm) FILTER (WHERE score IS NOT NULL) AS score,
            max(upvotes) AS upvotes,
            coalesce(bool_or(has_code), false) AS has_code,
            list_sort(list(DISTINCT location)) AS sources
        FROM ranked GROUP BY rep ORDER BY rep
        """
    )


def _canonical_ids(frame: MentionFrame, decisions: list[MergeDecision]) -> None:
    """Each merge decision names the paper of the last cluster whose first record bears one of its titles."""
    labels = sorted({label for d in decisions if d.outcome == "merged" for label in d.labels})
    if not labels:
        return
    frame.register("_labels", pa.table({"label": labels}))
    found = dict(
        frame.rows(
            """
            SELECT coalesce(t.title, '') AS label, arg_max(paper_of.paper_id, paper_of.rep)
            FROM paper_of JOIN pm ON pm.pm = paper_of.rep JOIN papers t ON t.src = pm.src AND t.rec = pm.rec
            JOIN _labels ON _labels.label = coalesce(t.title, '')
            WHERE paper_of.pm = paper_of.rep GROUP BY 1
            """
        )
    )
    for decision in decisions:
        if decision.outcome == "merged":
            decision.canonical_id = next((found[label] for label in decision.labels if label in found), None)
