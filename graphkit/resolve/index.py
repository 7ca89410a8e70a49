"""The resolution index: what a build decided about every record and name, kept so the next build can
re-resolve only what a change touches.

Parquet tables in one folder per build (beside the staged files, named by the build state):

``records``    one row per paper record: its staged ``folder`` and ``rec``, its candidate ``component``
               (:mod:`graphkit.resolve.components`), the keys that link it to others (matchable
               ``title_key`` and the five paper ids), its paper's ``paper_id``, ``candidate`` id (before it
               was made unique) and ``year``, and whether that paper is ``hyper`` (more authors than the
               coauthor limit);
``mentions``   one row per author mention (``folder``, ``rec``, ``kind``, ``row`` name it): its component,
               folded spelling ``key``, name ``block`` (where it has given names), its four ids, its
               person's ``author_id`` and ``candidate`` id, and its byline ``position``;
``decisions``  every resolution decision with the component it was taken in (``-1``: not tied to one);

and the links matched over the whole corpus (:data:`~graphkit.resolve.links.LINK_TABLES`: citations, stub
papers, institutions and their edges and decisions), which the next build compares its own with.

Components are numbered per build; an incremental build keeps the numbers of what it did not touch and
numbers what it re-resolved after the largest number in use, so numbers never collide.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from graphkit.resolve.base import MergeDecision
from graphkit.resolve.bulk_authors import AUTHOR_ID_KINDS
from graphkit.resolve.bulk_papers import PAPER_ID_KINDS
from graphkit.resolve.frame import MentionFrame, sql_path
from graphkit.resolve.links import DECISION_SCHEMA, LINK_TABLES

__all__ = ["INDEX_TABLES", "decision_rows", "index_decisions", "write_index"]

INDEX_TABLES = ("records", "mentions", "decisions", *LINK_TABLES)
"""Every table of an index folder (``<name>.parquet``)."""

_DECISION_SCHEMA = DECISION_SCHEMA.append(pa.field("component", pa.int64()))

RECORDS_SQL = f"""
    SELECT f.folder, pm.rec, i.component, i.title_key,
           {", ".join(f"nullif(pm.{k}, '') AS {k}" for k in PAPER_ID_KINDS)},
           o.paper_id, o.candidate, coalesce(s.n > $max, false) AS hyper, n.year
    FROM pm JOIN paper_index i USING (pm) JOIN paper_of o USING (pm) JOIN _index_folders f ON f.src = pm.src
    JOIN paper_nodes n ON n.rep = o.rep LEFT JOIN paper_sizes s ON s.dst = o.paper_id
"""
"""Rows of ``records`` from a resolved frame (``$max``: the coauthor limit)."""

MENTIONS_SQL = f"""
    SELECT f.folder, i.rec, i.kind, i.row, i.component, i.key, i.block,
           {", ".join(f"i.{k}" for k in AUTHOR_ID_KINDS)}, a.author_id, a.candidate, a.position
    FROM author_index i JOIN author_of a USING (am) JOIN _index_folders f ON f.src = i.src
"""
"""Rows of ``mentions`` from a resolved frame."""


def decision_rows(
    frame: MentionFrame, paper_decisions: list[MergeDecision], author_decisions: list[MergeDecision]
) -> pa.Table:
    """The ``decisions`` rows of one resolution run: each decision with the component of its first label."""
    found = {
        "paper": dict(frame.rows("SELECT label, component FROM paper_decision_components")),
        "author": dict(frame.rows("SELECT label, component FROM author_decision_components")),
    }
    rows = []
    for entity, decisions in (("paper", paper_decisions), ("author", author_decisions)):
        for decision in decisions:
            component = next((found[entity][label] for label in decision.labels if label in found[entity]), -1)
            rows.append({**decision.model_dump(), "component": component})
    return pa.Table.from_pylist(rows, schema=_DECISION_SCHEMA)


def index_decisions(table: pa.Table) -> list[MergeDecision]:
    """The decisions of a ``decisions`` table, in its order.

    Examples
    --------
    >>> table = pa.Table.from_pylist([{"entity": "author", "outcome": "merged", "labels": ["A. Lee", "Ann Lee"],
    ...                                "rule": "variant", "evidence": "", "canonical_id": None, "component": 3}],
    ...                               schema=_DECISION_SCHEMA)
    >>> index_decisions(table)[0].labels
    ['A. Lee', 'Ann Lee']
    """
    return [MergeDecision.model_validate(row) for row in table.drop_columns(["component"]).to_pylist()]


def write_index(
    frame: MentionFrame,
    folder: Path,
    folders: list[str],
    decisions: pa.Table,
    max_authors: int,
) -> None:
    """Write the index of a resolved frame (every record and mention in it) into ``folder``.

    ``folders`` names the staged folder of each source position. Needs the frame's ``paper_sizes``
    (:func:`graphkit.resolve.bulk.resolved_tables` computes it with the authorships).
    """
    folder.mkdir(parents=True, exist_ok=True)
    frame.register("_index_folders", pa.table({"src": list(range(len(folders))), "folder": folders}))
    frame.connection.execute(
        f"COPY ({RECORDS_SQL}) TO '{sql_path(folder / 'records.parquet')}' (FORMAT parquet)", {"max": max_authors}
    )
    frame.connection.execute(f"COPY ({MENTIONS_SQL}) TO '{sql_path(folder / 'mentions.parquet')}' (FORMAT parquet)")
    pq.write_table(decisions, folder / "decisions.parquet")
    frame.drop("_index_folders")
