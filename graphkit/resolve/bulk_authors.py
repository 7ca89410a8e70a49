"""Author resolution over the mention frame: spellings and ids joined in bulk, name rules per block.

Every byline name, every profiled author of a listing and every profile is a mention, numbered
``am`` in record order (table ``am``). Mentions that share a folded spelling, an external id, or a
name block (surname and first initial, where the name has given names) form candidate components
(:mod:`graphkit.resolve.components`). Then:

* a component with one display spelling, no ids and no override is one person, decided without a
  Python object per mention (most people in any corpus);
* the other components go, in one call and in mention order, to
  :class:`~graphkit.resolve.authors.AuthorResolver`, with the corpus's coauthors as context
  (:class:`StagedCoauthors`). A mention with no ids and no override that repeats an earlier
  spelling is not sent again: it can only join the person of the first mention of its spelling,
  which is exactly where that earlier one goes, so the clusters and decisions are those of a run over
  every mention.

The result is the frame table ``author_of (am, cluster, author_id)`` and ``author_nodes`` (columns of
:data:`~graphkit.resolve.tables.NODE_SCHEMAS` ``["Author"]``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from graphkit.core.names import parse_name
from graphkit.resolve.authors import AuthorResolver
from graphkit.resolve.base import Mention, MergeDecision, OverridePairs
from graphkit.resolve.bulk_papers import candidate_names, short_hash, unique_ids
from graphkit.resolve.components import components
from graphkit.resolve.frame import MentionFrame

__all__ = ["AUTHOR_ID_KINDS", "RESOLVE_BATCH_MENTIONS", "StagedCoauthors", "component_batches", "resolve_authors"]

AUTHOR_ID_KINDS = ("orcid", "openalex", "s2", "dblp")
"""Author id kinds, in the order that picks a person's canonical id."""

IntArray = npt.NDArray[np.int64]


def resolve_authors(frame: MentionFrame, overrides: OverridePairs, coauthor_max_authors: int) -> list[MergeDecision]:
    """Resolve the frame's author mentions into ``author_of`` and ``author_nodes``; return the decisions.

    Needs ``paper_of`` (:func:`~graphkit.resolve.bulk_papers.resolve_papers`).

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, PaperRecord, Provenance
    >>> from graphkit.resolve.bulk_papers import resolve_papers
    >>> from graphkit.stage.tables import records_to_tables
    >>> src = Provenance(source="a", format="ranked-list")
    >>> names = [["Sham M. Kakade", "Ann Lee"], ["Sham Kakade"], ["Ann Lee"]]
    >>> records = [PaperRecord(title=f"P{i}", authors=[AuthorRef(name=n) for n in byline], provenance=src)
    ...            for i, byline in enumerate(names)]
    >>> with MentionFrame([records_to_tables(records)]) as frame:
    ...     _ = resolve_papers(frame, OverridePairs())
    ...     decisions = resolve_authors(frame, OverridePairs(), 100)
    ...     frame.rows("SELECT name FROM author_nodes ORDER BY cluster")
    [('Sham M. Kakade',), ('Ann Lee',)]
    """
    _mention_table(frame)
    count = frame.rows("SELECT count(*) FROM am")[0][0]
    _name_table(frame)
    id_sql = ", ".join(
        f"CASE WHEN coalesce({k}, '') = '' THEN -1 ELSE min(am) OVER (PARTITION BY {k}) END AS {k}"
        for k in AUTHOR_ID_KINDS
    )
    firsts = frame.numpy(
        f"""
        SELECT min(am) OVER (PARTITION BY names.key) AS spelling,
               CASE WHEN names.has_given THEN min(am) OVER (PARTITION BY names.block, names.has_given) ELSE -1 END
                   AS block,
               {id_sql}
        FROM am JOIN names USING (label) ORDER BY am
        """
    )
    key_columns = [np.asarray(column, dtype=np.int64) for column in firsts.values()]
    tagged = np.zeros(count, dtype=bool)
    if overrides.must_merge or overrides.must_not_merge:
        tagged = _override_tagged(frame, overrides)
        key_columns.append(np.where(tagged, 0, -1))
    component = components(count, key_columns)
    decisions: list[MergeDecision] = []
    cluster = _clusters(frame, component, tagged, overrides, coauthor_max_authors, decisions)
    frame.register("_author_cluster", pa.table({"am": np.arange(count, dtype=np.int64), "cluster": cluster}))
    _author_nodes(frame)
    _decision_components(frame, decisions)
    frame.drop("_author_cluster", "_components", "_sent", "author_members", "names", "am", "_author_names")
    _canonical_ids(frame, decisions)
    return decisions


def _decision_components(frame: MentionFrame, decisions: list[MergeDecision]) -> None:
    """Frame table ``author_decision_components (label, component)``: the component of each name a decision
    names (one spelling is always in one component), for the build's resolution index."""
    labels = sorted({label for decision in decisions for label in decision.labels})
    frame.register("_decision_labels", pa.table({"label": pa.array(labels, pa.string())}))
    frame.sql(
        """
        CREATE OR REPLACE TABLE author_decision_components AS
        SELECT am.label, min(c.component) AS component
        FROM am JOIN _components c USING (am) JOIN _decision_labels USING (label) GROUP BY am.label
        """
    )
    frame.drop("_decision_labels")


def _mention_table(frame: MentionFrame) -> None:
    """Byline names, then each listing's profiled author, per paper record in order; then the profiles."""
    frame.sql(
        f"""
        CREATE TABLE am AS
        WITH raw AS (
            SELECT 0 AS grp, pm.pm, 0 AS kind, a.row AS ord, a.position, a.name AS label,
                   {", ".join(f"a.{k}" for k in AUTHOR_ID_KINDS)}, pm.location,
                   NULL::BIGINT AS h_index, NULL::BIGINT AS citations, NULL::BIGINT AS paper_count,
                   pm.src, pm.rec, a.row
            FROM authors a JOIN pm USING (src, rec)
            UNION ALL
            SELECT 0, pm, 1, 0, NULL, profile_author, {", ".join("NULL" for _ in AUTHOR_ID_KINDS)}, location,
                   NULL, NULL, NULL, src, rec, 0
            FROM pm WHERE profile_author IS NOT NULL
            UNION ALL
            SELECT 1, NULL, 2, row_number() OVER (ORDER BY src, rec), NULL, name,
                   {", ".join("NULL" for _ in AUTHOR_ID_KINDS)},
                   CASE WHEN line IS NULL THEN source ELSE source || ':' || line END, h_index, citations, paper_count,
                   src, rec, row
            FROM profiles
        )
        SELECT (row_number() OVER (ORDER BY grp, pm, kind, ord) - 1)::BIGINT AS am, raw.*,
               {" OR ".join(f"coalesce({k}, '') <> ''" for k in AUTHOR_ID_KINDS)} AS has_ids
        FROM raw ORDER BY am
        """
    )


def _name_table(frame: MentionFrame) -> None:
    """Every distinct display name parsed once: folded key, block, whether it has given names, specificity."""
    labels = frame.arrow("SELECT DISTINCT label FROM am").column(0).to_pylist()
    parsed = [parse_name(label) for label in labels]
    frame.register(
        "names",
        pa.table(
            {
                "label": labels,
                "key": [p.key for p in parsed],
                "block": ["\x1f".join(p.block) for p in parsed],
                "has_given": [bool(p.given) for p in parsed],
                "specificity": [p.specificity for p in parsed],
            }
        ),
    )
    parse_name.cache_clear()


def _override_tagged(frame: MentionFrame, overrides: OverridePairs) -> npt.NDArray[np.bool_]:
    """Mentions an override names, by display name or id (they are resolved one by one)."""
    resolver = AuthorResolver(overrides)
    named = sorted(
        {resolver.override_key(side) for pair in [*overrides.must_merge, *overrides.must_not_merge] for side in pair}
    )
    rows = frame.arrow(f"SELECT label, {', '.join(AUTHOR_ID_KINDS)} FROM am ORDER BY am").to_pylist()
    wanted = set(named)
    result = np.zeros(len(rows), dtype=bool)
    for index, row in enumerate(rows):
        label = row["label"]
        keys = {resolver.override_key(label)}
        keys.update(f"{k}:{row[k]}" for k in AUTHOR_ID_KINDS if row[k])
        keys.update(row[k] for k in AUTHOR_ID_KINDS if row[k])
        result[index] = bool(keys & wanted)
    return result


def _clusters(
    frame: MentionFrame,
    component: IntArray,
    tagged: npt.NDArray[np.bool_],
    overrides: OverridePairs,
    coauthor_max_authors: int,
    decisions: list[MergeDecision],
) -> IntArray:
    """The cluster of every mention, named by its first mention; ``decisions`` receives the resolver's."""
    count = len(component)
    frame.register("_components", pa.table({"am": np.arange(count, dtype=np.int64), "component": component,
                                            "tagged": tagged}))  # fmt: skip
    plan = frame.numpy(
        """
        WITH m AS (
            SELECT am.am, am.label, am.has_ids, c.component, c.tagged,
                   (am.has_ids OR c.tagged) AS individual
            FROM am JOIN _components c USING (am)
        ),
        needs AS (
            SELECT component, count(DISTINCT label) > 1 OR bool_or(individual) AS needs FROM m GROUP BY component
        )
        SELECT m.am, needs.needs,
               m.individual OR m.am = min(m.am) FILTER (WHERE NOT m.individual) OVER (PARTITION BY m.label) AS sent,
               min(m.am) FILTER (WHERE NOT m.individual) OVER (PARTITION BY m.label) AS first_plain
        FROM m JOIN needs USING (component) ORDER BY m.am
        """
    )
    needs = np.asarray(plan["needs"], dtype=bool)
    sent = needs & np.asarray(plan["sent"], dtype=bool)
    cluster = component.copy()
    chosen = np.flatnonzero(sent)
    if len(chosen):
        frame.register("_sent", pa.table({"am": chosen}))
        rows = frame.arrow(f"SELECT label, {', '.join(AUTHOR_ID_KINDS)} FROM am JOIN _sent USING (am) ORDER BY am")
        evidence = StagedCoauthors(frame, coauthor_max_authors)
        resolver = AuthorResolver(overrides, coauthor_max_authors=coauthor_max_authors, coauthors=evidence)
        for batch in component_batches(component[chosen], RESOLVE_BATCH_MENTIONS):
            # Whole components per batch: no rule links mentions of two components, so each batch is resolved
            # as the whole would be, and only one batch's Python objects are alive at a time.
            mentions: list[Mention] = [
                AuthorResolver.mention(r["label"], {k: r[k] for k in AUTHOR_ID_KINDS if r[k]})
                for r in rows.take(batch).to_pylist()
            ]
            clustering = resolver.resolve(mentions)
            members = chosen[batch]
            cluster[members] = members[np.asarray(clustering.cluster_of, dtype=np.int64)]
            decisions.extend(clustering.decisions)
            del mentions, clustering
            evidence.forget()
            parse_name.cache_clear()
        repeated = np.flatnonzero(needs & ~sent)
        first_plain = np.asarray(plan["first_plain"], dtype=np.float64)
        cluster[repeated] = cluster[first_plain[repeated].astype(np.int64)]
    return cluster


RESOLVE_BATCH_MENTIONS = 100_000
"""Mentions resolved per resolver call (whole components; a larger component is one batch of its own)."""


def component_batches(component: IntArray, size: int) -> list[IntArray]:
    """Positions of ``component`` grouped into batches of whole components, about ``size`` positions each.

    Components are taken in order of their first position, and each batch lists its positions in order.

    Examples
    --------
    >>> [b.tolist() for b in component_batches(np.array([0, 1, 0, 3, 1, 5]), 3)]
    [[0, 1, 2, 4], [3, 5]]
    """
    if not len(component):
        return []
    labels, first, inverse, sizes = np.unique(component, return_index=True, return_inverse=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    before = np.zeros(len(labels), dtype=np.int64)
    before[order] = np.cumsum(sizes[order]) - sizes[order]
    batch_of_label = before // max(size, 1)
    # Consecutive components share a batch until it holds ``size`` positions; renumber batches densely.
    _, batch = np.unique(batch_of_label[inverse], return_inverse=True)
    grouped = np.argsort(batch, kind="stable")
    bounds = np.flatnonzero(np.diff(batch[grouped])) + 1
    return [np.asarray(part, dtype=np.int64) for part in np.split(grouped, bounds)]


class StagedCoauthors:
    """Coauthor spellings from the frame: who shares a paper (of at most ``max_authors`` names) with whom.

    Held as integer arrays (spelling codes by paper and papers by spelling code) and one Arrow array of the
    spellings, so a corpus of millions of bylines costs a few hundred MB and no Python object per byline;
    only the spellings a resolver asks about (table ``_sent``: the mentions it is given) get a code lookup.
    """

    def __init__(self, frame: MentionFrame, max_authors: int) -> None:
        frame.sql(
            """
            CREATE TABLE _written AS
            WITH written AS (
                SELECT DISTINCT paper_of.rep AS paper, names.key
                FROM am JOIN names USING (label) JOIN paper_of USING (pm)
            ),
            small AS (SELECT paper FROM written GROUP BY paper HAVING count(*) <= $max)
            SELECT written.* FROM written JOIN small USING (paper)
            """,
            {"max": max_authors},
        )
        frame.sql(
            """
            CREATE TABLE _key_code AS
            SELECT key, (row_number() OVER (ORDER BY key) - 1)::BIGINT AS code FROM (SELECT DISTINCT key FROM _written)
            """
        )
        self._keys = frame.arrow("SELECT key FROM _key_code ORDER BY code").column(0).combine_chunks()
        pairs = frame.numpy(
            """SELECT dense_rank() OVER (ORDER BY w.paper) - 1 AS paper, k.code
               FROM _written w JOIN _key_code k USING (key)"""
        )
        papers = np.asarray(pairs["paper"], dtype=np.int64)
        codes = np.asarray(pairs["code"], dtype=np.int64)
        del pairs
        self._code_of: dict[str, int] = dict(
            frame.rows(
                """
                WITH asked AS (SELECT DISTINCT names.key FROM _sent JOIN am USING (am) JOIN names USING (label))
                SELECT k.key, k.code FROM _key_code k JOIN asked USING (key)
                """
            )
        )
        frame.drop("_written", "_key_code")
        self._papers_of = _Csr(codes, papers, len(self._keys))
        self._keys_of_paper = _Csr(papers, codes, int(papers.max()) + 1 if len(papers) else 0)
        self._memo: dict[int, IntArray] = {}

    def shared(self, key: str, other: str) -> set[str]:
        """Spellings that share a paper with ``key`` and one with ``other``."""
        code, other_code = self._code_of.get(key), self._code_of.get(other)
        if code is None or other_code is None:
            return set()
        # A paper both spellings are on is no evidence that they are one person (see CoauthorEvidence.shared).
        both = np.intersect1d(self._papers_of.row(code), self._papers_of.row(other_code), assume_unique=True)
        if len(both):
            mine, theirs = self._coauthors(code, exclude=both), self._coauthors(other_code, exclude=both)
        else:
            mine, theirs = self._of(code), self._of(other_code)
        common = np.intersect1d(mine, theirs, assume_unique=True)
        return set(self._keys.take(pa.array(common)).to_pylist())

    def forget(self) -> None:
        """Drop the coauthors computed so far (between batches: the next one asks about other spellings)."""
        self._memo.clear()

    def _of(self, code: int) -> IntArray:
        found = self._memo.get(code)
        if found is None:
            found = self._coauthors(code)
            self._memo[code] = found
        return found

    def _coauthors(self, code: int, exclude: IntArray | None = None) -> IntArray:
        """The spelling codes that share a paper with ``code``, leaving out the papers in ``exclude``."""
        papers = self._papers_of.row(code)
        if exclude is not None:
            papers = np.setdiff1d(papers, exclude, assume_unique=True)
        found: IntArray = np.unique(np.concatenate([self._keys_of_paper.row(int(p)) for p in papers]) if len(papers)
                                    else np.empty(0, dtype=np.int64))  # fmt: skip
        others: IntArray = found[found != code]
        return others


class _Csr:
    """Rows of integers grouped by an integer row number (compressed sparse rows)."""

    def __init__(self, rows: IntArray, values: IntArray, count: int) -> None:
        order = np.argsort(rows, kind="stable")
        self.values = values[order]
        self.offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=count), out=self.offsets[1:])

    def row(self, number: int) -> IntArray:
        return self.values[self.offsets[number] : self.offsets[number + 1]]


def _author_nodes(frame: MentionFrame) -> None:
    """Name each cluster (most specific spelling, then most frequent, then first) and gather its ids and sources."""
    frame.sql(
        """
        CREATE TABLE author_members AS
        SELECT am.*, c.cluster, names.key, names.specificity
        FROM am JOIN _author_cluster c USING (am) JOIN names USING (label) ORDER BY am
        """
    )
    # Kept for the build's resolution index (:mod:`graphkit.resolve.index`).
    frame.sql(
        f"""
        CREATE TABLE author_index AS
        SELECT m.am, m.src, m.rec, m.kind, m.row, c.component, m.key,
               CASE WHEN names.has_given THEN names.block END AS block,
               {", ".join(f"nullif(m.{k}, '') AS {k}" for k in AUTHOR_ID_KINDS)}
        FROM author_members m JOIN _components c USING (am) JOIN names USING (label)
        """
    )
    names = frame.arrow(
        """
        WITH spellings AS (
            SELECT cluster, label, any_value(specificity) AS specificity, count(*) AS n, min(am) AS first
            FROM author_members GROUP BY cluster, label
        )
        SELECT cluster, label AS name FROM (
            SELECT *, row_number() OVER (PARTITION BY cluster ORDER BY specificity DESC, n DESC, first) AS r
            FROM spellings
        ) WHERE r = 1 ORDER BY cluster
        """
    )
    ids = frame.arrow(
        "SELECT cluster, "
        + ", ".join(f"first({k} ORDER BY am) FILTER (WHERE {k} <> '') AS {k}" for k in AUTHOR_ID_KINDS)
        + " FROM author_members GROUP BY cluster ORDER BY cluster"
    )
    fallbacks = ["gk-a-" + short_hash(parse_name(name).key) for name in names.column("name").to_pylist()]
    candidates = candidate_names(ids, AUTHOR_ID_KINDS, fallbacks)
    author_ids = unique_ids(candidates)
    frame.register(
        "_author_names",
        pa.table({"cluster": names.column("cluster"), "name": names.column("name"), "id": author_ids,
                  "candidate": candidates}),
    )  # fmt: skip
    frame.sql(
        """
        CREATE TABLE author_of AS
        SELECT m.am, m.pm, m.position, m.kind, m.label, m.cluster, n.id AS author_id, n.candidate
        FROM author_members m JOIN _author_names n USING (cluster) ORDER BY m.am
        """
    )
    # Aggregated in slices of clusters: the list aggregates (variants, sources) are held in memory until a
    # group is complete, and over every mention of a 2.8M-paper corpus they outgrew DuckDB's memory limit.
    mentions = frame.rows("SELECT count(*) FROM author_members")[0][0]
    slices = max(1, -(-mentions // AGGREGATE_SLICE_ROWS))
    ids = ", ".join(f"first(m.{k} ORDER BY m.am) FILTER (WHERE m.{k} <> '') AS {k}" for k in AUTHOR_ID_KINDS)
    for part in range(slices):
        frame.sql(
            f"""
            {"CREATE TABLE author_nodes AS" if part == 0 else "INSERT INTO author_nodes"}
            SELECT m.cluster, any_value(n.id) AS id, any_value(n.name) AS name,
                   coalesce(list_sort(list(DISTINCT m.label) FILTER (WHERE m.label <> n.name)), []) AS name_variants,
                   {ids},
                   arg_max({{'h': m.h_index, 'c': m.citations, 'p': m.paper_count}}, m.am) FILTER (WHERE m.kind = 2)
                       AS profile,
                   list_sort(list(DISTINCT m.location)) AS sources
            FROM author_members m JOIN _author_names n USING (cluster)
            WHERE m.cluster % $slices = $part
            GROUP BY m.cluster
            """,
            {"slices": slices, "part": part},
        )


AGGREGATE_SLICE_ROWS = 2_000_000
"""Mentions per slice of the author-node aggregation (see :func:`_author_nodes`)."""


def _canonical_ids(frame: MentionFrame, decisions: list[MergeDecision]) -> None:
    """Each merge decision names the person of the last cluster whose first mention bears one of its names."""
    labels = sorted({label for d in decisions if d.outcome == "merged" for label in d.labels})
    if not labels:
        return
    frame.register("_labels", pa.table({"label": labels}))
    found = dict(
        frame.rows(
            """
            SELECT label, arg_max(author_id, cluster) FROM author_of JOIN _labels USING (label)
            WHERE am = cluster GROUP BY label
            """
        )
    )
    for decision in decisions:
        if decision.outcome == "merged":
            decision.canonical_id = next((found[label] for label in decision.labels if label in found), None)
