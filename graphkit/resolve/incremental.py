"""Incremental resolution: re-resolve only the components a change of source files touches.

A build that adds, changes or removes source files of a store reads the store's resolution index
(:mod:`graphkit.resolve.index`) and finds what the change can affect:

1. **paper components touched**: those of removed records, and those whose records share an id or a
   matchable title with an added record;
2. **author components touched**: those with a mention on a record of a touched paper component, those of
   removed mentions, and those that share a spelling, a name block or an id with an added mention;
3. **records to read**: every record of a touched paper component, every record carrying a mention of a
   touched author component (with the rest of its paper component, so its paper resolves whole), and
   every added record.

Resolution then runs over those records only, in the order they have among all records, with the
ordinary resolvers (:func:`~graphkit.resolve.bulk.resolved_tables` with :class:`Change` as its hooks).
Every rule links only mentions that share a key, so a component resolved from all of its records is
resolved exactly as a full build would resolve it; a paper or person the change did not touch keeps its
stored id, and a re-resolved one gets the id a full build would give it: where its candidate id is also
a candidate of something untouched (two papers titled "Reply"), that other component is added to the
touched ones and the plan is made again, so the suffixes (``-2``…) are numbered in record order among all
of them. The delta is every touched paper and person with all their edges; what they replace is listed
in :attr:`Change.deleted_papers` and :attr:`Change.deleted_authors`.

Citations and institutions are matched over the whole corpus in every build (:mod:`graphkit.resolve.links`,
from the new index and the staged files: no resolution), and only what differs from the last build's links
is written (:meth:`Change.links_delta`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from graphkit.core.names import parse_name
from graphkit.core.text import normalise_title
from graphkit.resolve.base import MergeDecision
from graphkit.resolve.bulk_authors import AUTHOR_ID_KINDS
from graphkit.resolve.bulk_papers import PAPER_ID_KINDS
from graphkit.resolve.frame import MentionFrame, sql_path
from graphkit.resolve.index import MENTIONS_SQL, RECORDS_SQL, index_decisions
from graphkit.resolve.links import CorpusLinks, LinksDelta, links_delta
from graphkit.resolve.papers import _MIN_TITLE_WORDS

__all__ = ["Change", "ChangePlan", "NeedsWiderPlan", "plan_change"]


class NeedsWiderPlan(Exception):  # noqa: N818 - a signal between planner and resolver, not an error
    """A re-resolved id collides with the candidate id of something untouched: plan again, touching that too."""

    def __init__(self, papers: set[int], authors: set[int]) -> None:
        super().__init__(f"{len(papers)} paper and {len(authors)} author components to add")
        self.papers = papers
        self.authors = authors


@dataclass
class ChangePlan:
    """What a change touches (component numbers of the old index) and which records to read."""

    keep: pa.Table
    paper_components: list[int]
    author_components: list[int]
    records_read: int
    records_total: int
    removed: list[str] = field(default_factory=list)


def plan_change(
    index: Path,
    sources: Sequence[Path],
    added: set[str],
    removed: set[str],
    *,
    extra_papers: set[int] | None = None,
    extra_authors: set[int] | None = None,
) -> ChangePlan:
    """Find the components a change touches and the records to read (see the module notes).

    Parameters
    ----------
    index : path
        The store's resolution index folder.
    sources : sequence of paths
        Every staged source folder of the new state, in build order.
    added, removed : set of str
        Staged folder names the new state adds and drops.
    extra_papers, extra_authors : set of int, optional
        Components to touch besides (from :class:`NeedsWiderPlan`).
    """
    connection = duckdb.connect()
    try:
        _load(connection, index, sources, added, removed)
        connection.register("_extra_papers", pa.table({"component": pa.array(sorted(extra_papers or ()), pa.int64())}))
        connection.register(
            "_extra_authors", pa.table({"component": pa.array(sorted(extra_authors or ()), pa.int64())})
        )
        id_matches = " UNION ".join(
            f"SELECT r.component FROM old_records r JOIN added_papers a ON r.{k} = a.{k}" for k in PAPER_ID_KINDS
        )
        connection.execute(
            f"""
            CREATE TABLE tp AS
            SELECT component FROM old_records WHERE removed
            UNION SELECT r.component FROM old_records r JOIN added_papers a ON r.title_key = a.title_key
            UNION {id_matches}
            UNION SELECT component FROM _extra_papers
            """
        )
        author_id_matches = " UNION ".join(
            f"SELECT m.component FROM old_mentions m JOIN added_mentions a ON m.{k} = a.{k}" for k in AUTHOR_ID_KINDS
        )
        connection.execute(
            f"""
            CREATE TABLE ta AS
            SELECT m.component FROM old_mentions m JOIN old_records r USING (folder, rec)
            JOIN tp ON tp.component = r.component
            UNION SELECT component FROM old_mentions WHERE removed
            UNION SELECT m.component FROM old_mentions m JOIN added_mentions a ON m.key = a.key
            UNION SELECT m.component FROM old_mentions m JOIN added_mentions a ON m.block = a.block
            UNION {author_id_matches}
            UNION SELECT component FROM _extra_authors
            """
        )
        connection.execute(
            """
            CREATE TABLE keep AS
            WITH read_papers AS (
                SELECT component FROM tp
                UNION SELECT r.component FROM old_mentions m JOIN ta USING (component)
                      JOIN old_records r ON r.folder = m.folder AND r.rec = m.rec
            )
            SELECT r.src, r.rec FROM old_records r JOIN read_papers USING (component) WHERE NOT r.removed
            UNION SELECT m.src, m.rec FROM old_mentions m JOIN ta USING (component) WHERE m.kind = 2 AND NOT m.removed
            UNION SELECT src, rec FROM added_records
            """
        )
        keep = connection.sql("SELECT src, rec FROM keep ORDER BY src, rec").to_arrow_table()
        total = connection.execute(
            "SELECT (SELECT count(*) FROM old_records WHERE NOT removed) + (SELECT count(*) FROM added_papers)"
        ).fetchall()[0][0]
        paper_components = [row[0] for row in connection.execute("SELECT component FROM tp ORDER BY 1").fetchall()]
        author_components = [row[0] for row in connection.execute("SELECT component FROM ta ORDER BY 1").fetchall()]
    finally:
        connection.close()
    return ChangePlan(
        keep=keep,
        paper_components=paper_components,
        author_components=author_components,
        records_read=keep.num_rows,
        records_total=int(total),
        removed=sorted(removed),
    )


def _load(connection: duckdb.DuckDBPyConnection, index: Path, sources: Sequence[Path], added: set[str],
          removed: set[str]) -> None:  # fmt: skip
    """The old index (with each row's source position and whether it is removed) and the added keys."""
    folders = pa.table({"folder": [s.name for s in sources], "src": pa.array(range(len(sources)), pa.int32())})
    connection.register("_folders", folders)
    connection.register("_removed", pa.table({"folder": pa.array(sorted(removed), pa.string())}))
    for table in ("records", "mentions"):
        connection.execute(
            f"""
            CREATE TABLE old_{table} AS
            SELECT t.*, f.src, t.folder IN (SELECT folder FROM _removed) AS removed
            FROM read_parquet($path) t LEFT JOIN _folders f USING (folder)
            """,
            {"path": str(index / f"{table}.parquet")},
        )
    new = [(number, source) for number, source in enumerate(sources) if source.name in added]
    paper_rows: list[dict[str, object]] = []
    record_rows: list[tuple[int, int]] = []
    labels: list[tuple[str, dict[str, str | None]]] = []
    for number, source in new:
        papers = pq.read_table(source / "papers.parquet", columns=["rec", "title", "profile_author", *PAPER_ID_KINDS])
        for row in papers.to_pylist():
            key = normalise_title(row["title"] or "")
            paper_rows.append({
                "title_key": key if len(key.split()) >= _MIN_TITLE_WORDS else None,
                **{k: row[k] or None for k in PAPER_ID_KINDS},
            })  # fmt: skip
            record_rows.append((number, row["rec"]))
            if row["profile_author"] is not None:
                labels.append((row["profile_author"], {}))
        authors = pq.read_table(source / "authors.parquet", columns=["name", *AUTHOR_ID_KINDS])
        labels.extend((row["name"], {k: row[k] for k in AUTHOR_ID_KINDS}) for row in authors.to_pylist())
        profiles = pq.read_table(source / "profiles.parquet", columns=["rec", "name"])
        labels.extend((row["name"], {}) for row in profiles.to_pylist())
        record_rows.extend((number, rec) for rec in profiles.column("rec").to_pylist())
    string_columns = {"title_key": pa.string(), **{k: pa.string() for k in PAPER_ID_KINDS}}
    connection.register("_added_papers", pa.Table.from_pylist(paper_rows, schema=pa.schema(string_columns)))
    connection.execute("CREATE TABLE added_papers AS SELECT * FROM _added_papers")
    mention_rows = []
    for label, ids in labels:
        name = parse_name(label)
        mention_rows.append({
            "key": name.key, "block": "\x1f".join(name.block) if name.given else None,
            **{k: ids.get(k) or None for k in AUTHOR_ID_KINDS},
        })  # fmt: skip
    mention_schema = pa.schema({"key": pa.string(), "block": pa.string(), **{k: pa.string() for k in AUTHOR_ID_KINDS}})
    connection.register("_added_mentions", pa.Table.from_pylist(mention_rows, schema=mention_schema))
    connection.execute("CREATE TABLE added_mentions AS SELECT * FROM _added_mentions")
    connection.register(
        "_added_records",
        pa.table({"src": pa.array([r[0] for r in record_rows], pa.int32()),
                  "rec": pa.array([r[1] for r in record_rows], pa.int64())}),
    )  # fmt: skip
    connection.execute("CREATE TABLE added_records AS SELECT DISTINCT * FROM _added_records")


class Change:
    """The hooks an incremental run gives :func:`~graphkit.resolve.bulk.resolved_tables` (see the module notes).

    Parameters
    ----------
    plan : ChangePlan
    index : path
        The old index folder.
    index_to : path
        Where the new index is written.
    sources : sequence of paths
        The new state's staged folders, in build order.
    """

    def __init__(self, plan: ChangePlan, index: Path, index_to: Path, sources: Sequence[Path]) -> None:
        self.plan = plan
        self.index = index
        self.index_to = index_to
        self.sources = list(sources)
        self.deleted_papers: list[str] = []
        self.deleted_authors: list[str] = []

    @property
    def keep(self) -> pa.Table:
        """The records to read."""
        return self.plan.keep

    def links_delta(self, frame: MentionFrame, links: CorpusLinks) -> LinksDelta:
        """What differs between the last build's links (kept in the old index) and this build's."""
        return links_delta(frame, self.index, links)

    def resolved(self, frame: MentionFrame) -> None:
        """Give untouched papers and people their stored ids; check that re-resolved ids collide with none."""
        frame.register("_index_folders", pa.table({"folder": [s.name for s in self.sources],
                                                   "src": pa.array(range(len(self.sources)), pa.int32())}))  # fmt: skip
        frame.register("tp", pa.table({"component": pa.array(self.plan.paper_components, pa.int64())}))
        frame.register("ta", pa.table({"component": pa.array(self.plan.author_components, pa.int64())}))
        frame.register("_removed", pa.table({"folder": pa.array(self.plan.removed, pa.string())}))
        # The old index, read once: every step below and the new index's untouched rows come from it.
        for table in ("records", "mentions"):
            frame.sql(
                f"CREATE TABLE old_{table} AS SELECT * FROM read_parquet($path)",
                {"path": str(self.index / f"{table}.parquet")},
            )
        frame.sql(
            """
            CREATE TABLE ctx_paper AS
            SELECT pm.pm, o.paper_id FROM pm JOIN _index_folders f ON f.src = pm.src
            JOIN old_records o ON o.folder = f.folder AND o.rec = pm.rec
            WHERE o.component NOT IN (SELECT component FROM tp)
            """
        )
        frame.sql(
            """
            CREATE TABLE ctx_author AS
            SELECT i.am, o.author_id FROM author_index i JOIN _index_folders f ON f.src = i.src
            JOIN old_mentions o ON o.folder = f.folder AND o.rec = i.rec AND o.kind = i.kind AND o.row = i.row
            WHERE o.component NOT IN (SELECT component FROM ta)
            """
        )
        frame.sql("UPDATE paper_of SET paper_id = c.paper_id FROM ctx_paper c WHERE paper_of.pm = c.pm")
        frame.sql("UPDATE paper_nodes SET id = o.paper_id FROM paper_of o WHERE paper_nodes.rep = o.pm")
        frame.sql("UPDATE author_of SET author_id = c.author_id FROM ctx_author c WHERE author_of.am = c.am")
        frame.sql(
            "CREATE TABLE touched_reps AS SELECT DISTINCT rep FROM paper_of WHERE pm NOT IN (SELECT pm FROM ctx_paper)"
        )
        frame.sql(
            "CREATE TABLE touched_clusters AS "
            "SELECT DISTINCT cluster FROM author_of WHERE am NOT IN (SELECT am FROM ctx_author)"
        )
        papers = frame.rows(
            """
            SELECT DISTINCT o.component FROM old_records o
            JOIN (SELECT DISTINCT candidate FROM paper_of JOIN touched_reps USING (rep)) t USING (candidate)
            WHERE o.component NOT IN (SELECT component FROM tp) AND o.folder NOT IN (SELECT folder FROM _removed)
            """
        )
        authors = frame.rows(
            """
            SELECT DISTINCT o.component FROM old_mentions o
            JOIN (SELECT DISTINCT candidate FROM author_of JOIN touched_clusters USING (cluster)) t USING (candidate)
            WHERE o.component NOT IN (SELECT component FROM ta) AND o.folder NOT IN (SELECT folder FROM _removed)
            """
        )
        if papers or authors:
            raise NeedsWiderPlan({row[0] for row in papers}, {row[0] for row in authors})
        self.deleted_papers = [row[0] for row in frame.rows(
            "SELECT DISTINCT paper_id FROM old_records WHERE component IN (SELECT component FROM tp) ORDER BY 1"
        )]  # fmt: skip
        self.deleted_authors = [row[0] for row in frame.rows(
            "SELECT DISTINCT author_id FROM old_mentions WHERE component IN (SELECT component FROM ta) ORDER BY 1"
        )]  # fmt: skip

    def finish(self, frame: MentionFrame, decisions: pa.Table, max_authors: int) -> tuple[list[MergeDecision], int]:
        """Write the new index and narrow the frame's tables to the delta."""
        self.index_to.mkdir(parents=True, exist_ok=True)
        offsets = {
            table: frame.rows(f"SELECT coalesce(max(component), -1) + 1 FROM old_{table}")[0][0]
            for table in ("records", "mentions")
        }
        frame.sql(
            "CREATE TABLE touched_paper_components AS SELECT DISTINCT i.component FROM paper_index i "
            "WHERE pm NOT IN (SELECT pm FROM ctx_paper)"
        )
        frame.sql(
            "CREATE TABLE touched_author_components AS SELECT DISTINCT i.component FROM author_index i "
            "WHERE am NOT IN (SELECT am FROM ctx_author)"
        )
        self._write_merged(frame, "records", RECORDS_SQL, "pm.pm", "SELECT pm FROM ctx_paper", "tp",
                           offsets["records"], {"max": max_authors})  # fmt: skip
        self._write_merged(frame, "mentions", MENTIONS_SQL, "i.am", "SELECT am FROM ctx_author", "ta",
                           offsets["mentions"])  # fmt: skip
        frame.register("_new_decisions", decisions)
        kept = frame.arrow(
            """
            SELECT * FROM read_parquet($path)
            WHERE NOT (entity = 'paper' AND component IN (SELECT component FROM tp))
              AND NOT (entity = 'author' AND component IN (SELECT component FROM ta))
            """,
            {"path": str(self.index / "decisions.parquet")},
        )
        fresh = frame.arrow(
            f"""
            SELECT * REPLACE (component + CASE entity WHEN 'paper' THEN {int(offsets["records"])}
                                                      ELSE {int(offsets["mentions"])} END AS component)
            FROM _new_decisions
            WHERE (entity = 'paper' AND component IN (SELECT component FROM touched_paper_components))
               OR (entity = 'author' AND component IN (SELECT component FROM touched_author_components))
            """
        )
        table = pa.concat_tables([kept, fresh.cast(kept.schema)])
        pq.write_table(table, self.index_to / "decisions.parquet")
        hyper = frame.rows(
            "SELECT count(DISTINCT paper_id) FROM read_parquet($path) WHERE hyper",
            {"path": str(self.index_to / "records.parquet")},
        )[0][0]
        self._narrow(frame)
        return index_decisions(table), int(hyper)

    def _write_merged(
        self,
        frame: MentionFrame,
        table: str,
        rows_sql: str,
        number: str,
        untouched: str,
        touched_components: str,
        offset: int,
        parameters: dict[str, int] | None = None,
    ) -> None:
        """Write the new index table ``table``: the frame's re-resolved rows (``rows_sql``, those whose ``number``
        is not among the ``untouched`` numbers), their components numbered after ``offset``, then the old rows
        of the components the change did not touch."""
        fresh = rows_sql.replace("SELECT f.folder", f"SELECT f.folder, {number} AS _number", 1)
        frame.connection.execute(
            f"""
            COPY (
                SELECT * EXCLUDE (_number) REPLACE (component + {int(offset)} AS component)
                FROM ({fresh}) WHERE _number NOT IN ({untouched})
                UNION ALL BY NAME
                SELECT * FROM old_{table}
                WHERE component NOT IN (SELECT component FROM {touched_components})
                  AND folder NOT IN (SELECT folder FROM _removed)
            ) TO '{sql_path(self.index_to / f"{table}.parquet")}' (FORMAT parquet)
            """,
            parameters,
        )

    @staticmethod
    def _narrow(frame: MentionFrame) -> None:
        """Keep only the delta: touched papers and people, and every edge that has one of them at an end."""
        frame.sql(
            "CREATE TABLE touched_paper_ids AS "
            "SELECT DISTINCT paper_id AS id FROM paper_of JOIN touched_reps USING (rep)"
        )
        frame.sql(
            "CREATE TABLE touched_author_ids AS "
            "SELECT DISTINCT author_id AS id FROM author_of JOIN touched_clusters USING (cluster)"
        )
        frame.sql("DELETE FROM paper_nodes WHERE rep NOT IN (SELECT rep FROM touched_reps)")
        frame.sql("DELETE FROM author_nodes WHERE cluster NOT IN (SELECT cluster FROM touched_clusters)")
        frame.sql(
            "DELETE FROM authored WHERE src NOT IN (SELECT id FROM touched_author_ids) "
            "AND dst NOT IN (SELECT id FROM touched_paper_ids)"
        )
        frame.sql(
            "DELETE FROM coauthored WHERE src NOT IN (SELECT id FROM touched_author_ids) "
            "AND dst NOT IN (SELECT id FROM touched_author_ids)"
        )
        frame.sql("DELETE FROM in_category WHERE src NOT IN (SELECT id FROM touched_paper_ids)")
