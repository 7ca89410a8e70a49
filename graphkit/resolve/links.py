"""Links matched over the whole corpus: citations (with stub papers) and institutions.

Papers and people are resolved component by component (:mod:`graphkit.resolve.components`), so an incremental
build can re-resolve only the components a change touches. Citations and institutions are different: a
reference finds its cited paper by id anywhere in the corpus, and an institution's mentions are clustered
over every paper. They are cheap beside resolution, so every build — full or incremental — matches them
over the whole corpus from two relations that name what resolution decided for every record:

``corpus_records``  one row per paper record (``src``, ``rec``): its ``paper_id``, its paper's ``year``, and the
                    record's own ids (``arxiv``, ``doi``, ``openalex``, ``s2``, ``dblp``);
``corpus_bylines``  one row per byline name (``src``, ``rec``, ``position``) with its ``author_id``;

and from the staged references, citation records, affiliations and organisations of every source (the frame's
``all_…`` views). :func:`frame_corpus` defines the two relations over a resolved frame (a full build);
:func:`index_corpus` over a resolution index (an incremental build, whose frame holds only the records the
change touched). An incremental build then writes only what differs from the last build's links, which the
index keeps (:func:`links_delta`).

Rules:

* a cited work is the paper whose ids include one of the reference's (by id kind in the order of
  :data:`~graphkit.resolve.bulk_papers.PAPER_ID_KINDS`; among papers with the same id, the first in record
  order); a paper's ids are, per kind, its first record's that has one, as on the Paper node;
* a reference that no id matches, but that describes its work (a Web of Science or Scopus reference string), is
  the paper with the same first-author surname, year, volume and first page whose venue its source agrees with
  (:mod:`graphkit.core.citekeys`; among several, the first in record order);
* references that find no paper become **stub papers** (a node with the ids and the description the references
  give, so no citation is lost); references that share an id or a stub key
  (:func:`~graphkit.core.citekeys.stub_key`: surname, year, source, volume, page) are one stub (the connected
  components of shared ids), whose ids are the smallest value of each kind and whose key is its first kind's
  (``openalex:W123``), or ``cited:`` and its stub key where it has no id; its year, venue, volume and pages are
  its first described reference's;
* a paper never cites itself; one CITES edge per pair;
* institutions: as before, mentions in record order (a paper's own institutions, its organisation, then its
  authors' affiliations in byline order) clustered by :class:`~graphkit.resolve.institutions.InstitutionResolver`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graphkit.core.citekeys import sources_agree
from graphkit.core.models import InstitutionRef
from graphkit.resolve.base import MergeDecision
from graphkit.resolve.bulk_papers import PAPER_ID_COLUMNS, PAPER_ID_KINDS, unique_id
from graphkit.resolve.frame import MentionFrame, sql_path
from graphkit.resolve.institutions import InstitutionMention, InstitutionResolver, institution_key
from graphkit.resolve.keywords import keyword_links
from graphkit.resolve.overrides import Overrides
from graphkit.resolve.tables import NODE_SCHEMAS, REL_SCHEMAS

__all__ = [
    "DECISION_SCHEMA", "LINK_TABLES", "CorpusLinks", "LinksDelta", "frame_corpus", "index_corpus", "link_corpus",
    "links_delta",
]  # fmt: skip

STUB_NUMBERS = 10**15
"""Stub papers are numbered (``rep``) from here, after any record number a corpus can reach."""

_INSTITUTION_FIELDS = ("name", "slug", "ror", "country")

STUB_SCHEMA = NODE_SCHEMAS["Paper"].append(pa.field("rep", pa.int64()))
"""Stub papers: the Paper columns and ``rep``, their place after every resolved paper."""

DECISION_SCHEMA = pa.schema(
    [("entity", pa.string()), ("outcome", pa.string()), ("labels", pa.list_(pa.string())), ("rule", pa.string()),
     ("evidence", pa.string()), ("canonical_id", pa.string()), ("confidence", pa.float64())]
)  # fmt: skip
"""A :class:`~graphkit.resolve.base.MergeDecision` as a table row."""

LINK_TABLES = {
    "cites": REL_SCHEMAS["CITES"],
    "stubs": STUB_SCHEMA,
    "institutions": NODE_SCHEMAS["Institution"],
    "affiliated": REL_SCHEMAS["AFFILIATED_WITH"],
    "from_institution": REL_SCHEMAS["FROM_INSTITUTION"],
    "institution_decisions": DECISION_SCHEMA,
    "keywords": NODE_SCHEMAS["Keyword"],
    "has_keyword": REL_SCHEMAS["HAS_KEYWORD"],
}
"""The tables of :class:`CorpusLinks`, as the resolution index keeps them (``<name>.parquet``)."""


@dataclass
class CorpusLinks:
    """Institutions of a whole corpus, their edges and decisions (citations and stubs stay in the frame, as
    tables ``cites`` and ``stubs``: a corpus with references has millions)."""

    institutions: pa.Table
    affiliated: pa.Table
    from_institution: pa.Table
    decisions: list[MergeDecision] = field(default_factory=list)
    #: Keyword nodes and HAS_KEYWORD edges (:mod:`graphkit.resolve.keywords`).
    keywords: pa.Table = field(default_factory=NODE_SCHEMAS["Keyword"].empty_table)
    has_keyword: pa.Table = field(default_factory=REL_SCHEMAS["HAS_KEYWORD"].empty_table)
    #: References by how they found their work (:func:`link_corpus`): an id kind (``doi`` …), ``description``,
    #: ``stub`` (no paper: a stub paper), ``none`` (nothing to name it by).
    references: dict[str, int] = field(default_factory=dict)

    def tables(self) -> dict[str, pa.Table]:
        """The institution tables by their :data:`LINK_TABLES` name (the decisions as rows)."""
        decisions = pa.Table.from_pylist([d.model_dump() for d in self.decisions], schema=DECISION_SCHEMA)
        return {
            "institutions": self.institutions, "affiliated": self.affiliated,
            "from_institution": self.from_institution, "institution_decisions": decisions,
            "keywords": self.keywords, "has_keyword": self.has_keyword,
        }  # fmt: skip

    def write(self, folder: Path, frame: MentionFrame) -> None:
        """Keep the links (with the frame's ``cites`` and ``stubs``) in a resolution index folder."""
        for name, table in self.tables().items():
            pq.write_table(table, folder / f"{name}.parquet")
        for name in ("cites", "stubs"):
            frame.sql(f"COPY {name} TO '{sql_path(folder / f'{name}.parquet')}' (FORMAT parquet)")


def frame_corpus(frame: MentionFrame) -> None:
    """Define ``corpus_records`` and ``corpus_bylines`` over a resolved frame (every record in it)."""
    ids = ", ".join(f"nullif(pm.{k}, '') AS {k}" for k in PAPER_ID_KINDS)
    frame.sql(
        f"""
        CREATE OR REPLACE TEMP VIEW corpus_records AS
        SELECT pm.src, pm.rec, o.paper_id, n.year, {ids}
        FROM pm JOIN paper_of o USING (pm) JOIN paper_nodes n ON n.rep = o.rep
        """
    )
    frame.sql(
        """
        CREATE OR REPLACE TEMP VIEW corpus_bylines AS
        SELECT pm.src, pm.rec, a.position, min(a.author_id) AS author_id
        FROM author_of a JOIN pm USING (pm) WHERE a.kind = 0 GROUP BY ALL
        """
    )


def index_corpus(frame: MentionFrame, index: Path, folders: list[str]) -> None:
    """Define ``corpus_records`` and ``corpus_bylines`` over the resolution index in ``index``.

    ``folders`` names the staged folder of each source position of the frame.
    """
    frame.register("_corpus_folders", pa.table({"folder": folders, "src": pa.array(range(len(folders)), pa.int32())}))
    frame.sql(
        f"""
        CREATE OR REPLACE TEMP VIEW corpus_records AS
        SELECT f.src, r.rec, r.paper_id, r.year, {", ".join(f"r.{k}" for k in PAPER_ID_KINDS)}
        FROM read_parquet('{sql_path(index / "records.parquet")}') r JOIN _corpus_folders f USING (folder)
        """
    )
    frame.sql(
        f"""
        CREATE OR REPLACE TEMP VIEW corpus_bylines AS
        SELECT f.src, m.rec, m.position, min(m.author_id) AS author_id
        FROM read_parquet('{sql_path(index / "mentions.parquet")}') m JOIN _corpus_folders f USING (folder)
        WHERE m.kind = 0 GROUP BY ALL
        """
    )


def link_corpus(frame: MentionFrame, overrides: Overrides | None = None) -> CorpusLinks:
    """Match citations and institutions over the whole corpus (see the module notes).

    Needs ``corpus_records`` and ``corpus_bylines`` (:func:`frame_corpus` or :func:`index_corpus`); leaves the
    CITES edges and stub papers in the frame (tables ``cites`` and ``stubs``) and returns the institutions.

    Examples
    --------
    >>> from graphkit.core.models import CitedWork, PaperIds, PaperRecord, Provenance
    >>> from graphkit.resolve.bulk_authors import resolve_authors
    >>> from graphkit.resolve.bulk_papers import resolve_papers
    >>> from graphkit.stage.tables import records_to_tables
    >>> src = Provenance(source="x", format="openalex")
    >>> record = PaperRecord(title="A Study of Things", ids=PaperIds(openalex="W1"), provenance=src,
    ...     references=[CitedWork(ids=PaperIds(openalex="W2")), CitedWork(ids=PaperIds(openalex="W1"))])
    >>> with MentionFrame([records_to_tables([record])]) as frame:
    ...     rules = Overrides()
    ...     _ = resolve_papers(frame, rules.papers.pairs()), resolve_authors(frame, rules.authors.pairs(), 100)
    ...     frame_corpus(frame)
    ...     links = link_corpus(frame)
    ...     frame.rows("SELECT src, dst FROM cites"), frame.rows("SELECT id FROM stubs")
    ([('openalex:W1', 'openalex:W2')], [('openalex:W2',)])
    """
    references = _citations(frame)
    institutions, affiliated, from_institution, decisions = _institutions(frame, overrides or Overrides())
    keywords, has_keyword = keyword_links(frame)
    return CorpusLinks(
        institutions, affiliated, from_institution, decisions,
        keywords=keywords, has_keyword=has_keyword, references=references,
    )  # fmt: skip


def _citations(frame: MentionFrame) -> dict[str, int]:
    """CITES edges and stub papers of the corpus: frame tables ``cites`` and ``stubs``; returns how many references
    found their work by which rule (:data:`REFERENCE_RULES`)."""
    kinds = list(PAPER_ID_KINDS)
    described = len(kinds)  # the "kind" of a match by description, and of a stub key among an entry's ids
    frame.sql(
        f"""
        CREATE OR REPLACE TABLE link_papers AS
        SELECT paper_id, min(pos) AS first_pos,
               {", ".join(f"first({k} ORDER BY pos) FILTER (WHERE {k} IS NOT NULL) AS {k}" for k in kinds)}
        FROM (SELECT *, row_number() OVER (ORDER BY src, rec) AS pos FROM corpus_records)
        GROUP BY paper_id
        """
    )
    frame.sql(
        "CREATE OR REPLACE TABLE link_lookup AS SELECT kind, value, arg_min(paper_id, first_pos) AS paper_id FROM ("
        + " UNION ALL ".join(
            f"SELECT {number} AS kind, {k} AS value, paper_id, first_pos FROM link_papers WHERE {k} IS NOT NULL"
            for number, k in enumerate(kinds)
        )
        + ") GROUP BY kind, value"
    )
    # One entry per id set that names a work: each reference, and each side of each citation record. An
    # entry's number follows the staged files (source, table, row, side) without sorting them.
    reference_ids = ", ".join(f"nullif(r.{k}, '') AS {k}" for k in kinds)
    citing_ids = ", ".join(f"nullif(c.citing_{k}, '') AS {k}" for k in kinds)
    cited_ids = ", ".join(f"nullif(c.cited_{k}, '') AS {k}" for k in kinds)
    undescribed = "NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    frame.sql(
        f"""
        CREATE OR REPLACE TABLE link_entries AS
        SELECT ((src::BIGINT * 2 + grp) << 41) + row * 2 + side AS entry, * FROM (
            SELECT 0 AS grp, r.src, r.rec, r.row, 0 AS side, p.paper_id AS citing, {reference_ids},
                   r.cite_key, r.stub_key, r.source AS cited_source, r.year AS cited_year, r.volume AS cited_volume,
                   r.page AS cited_page, r.text AS cited_text
            FROM all_references r JOIN corpus_records p USING (src, rec)
            UNION ALL SELECT 1, c.src, c.rec, c.row, 0, NULL, {citing_ids}, {undescribed} FROM all_citations c
            UNION ALL SELECT 1, c.src, c.rec, c.row, 1, NULL, {cited_ids}, {undescribed} FROM all_citations c
        )
        """
    )
    frame.sql(
        "CREATE OR REPLACE TABLE link_ids AS "
        + " UNION ALL ".join(
            [
                *(
                    f"SELECT entry, {number} AS kind, {k} AS value FROM link_entries WHERE {k} IS NOT NULL"
                    for number, k in enumerate(kinds)
                ),
                # The stub key joins references to one unmatched work (it finds no paper: link_lookup has no such kind).
                f"SELECT entry, {described}, stub_key FROM link_entries WHERE stub_key IS NOT NULL",
            ]
        )
    )
    frame.sql(
        "CREATE OR REPLACE TABLE link_found AS SELECT i.entry, arg_min(l.paper_id, i.kind) AS paper_id, "
        "min(i.kind) AS rule FROM link_ids i JOIN link_lookup l USING (kind, value) GROUP BY i.entry"
    )
    _found_by_description(frame, described)
    # Entries that find no paper: one stub per group of ids that some entry names together (connected
    # components over the distinct ids, far fewer than the entries).
    frame.sql("CREATE OR REPLACE TABLE link_unfound AS SELECT * FROM link_ids ANTI JOIN link_found USING (entry)")
    frame.sql(
        "CREATE OR REPLACE TABLE link_keys AS SELECT kind, value, (row_number() OVER () - 1)::BIGINT AS code "
        "FROM (SELECT DISTINCT kind, value FROM link_unfound)"
    )
    frame.sql(
        "CREATE OR REPLACE TABLE link_unfound_codes AS SELECT u.entry, k.code, u.kind, u.value "
        "FROM link_unfound u JOIN link_keys k USING (kind, value)"
    )
    keys = frame.rows("SELECT count(*) FROM link_keys")[0][0]
    pairs = frame.numpy(
        "SELECT min(code) OVER (PARTITION BY entry) AS head, code AS tail FROM link_unfound_codes "
        "WHERE entry IN (SELECT entry FROM link_unfound GROUP BY entry HAVING count(*) > 1)"
    )
    heads, tails = np.asarray(pairs["head"], dtype=np.int64), np.asarray(pairs["tail"], dtype=np.int64)
    group = _linked_groups(keys, heads, tails)
    frame.register("link_key_groups", pa.table({"code": np.arange(keys, dtype=np.int64), "grp": group}))
    stub_id = " ".join(f"WHEN s.{k} IS NOT NULL THEN '{k}:' || s.{k}" for k in kinds)
    frame.sql(
        "CREATE OR REPLACE TABLE link_entry_groups AS SELECT DISTINCT u.entry, g.grp "
        "FROM link_unfound_codes u JOIN link_key_groups g USING (code)"
    )
    # A stub named by ids takes its first kind's; one known only by its description, "cited:" and its stub key.
    # Its year, source, volume and page are those of its first described reference.
    frame.sql(
        f"""
        CREATE OR REPLACE TABLE link_stubs AS
        SELECT s.grp, CASE {stub_id} ELSE 'cited:' || s.stub_key END AS id, {", ".join(f"s.{k}" for k in kinds)},
               e.cited_year, e.cited_source, e.cited_volume, e.cited_page,
               (row_number() OVER (ORDER BY s.first_entry) - 1)::BIGINT + {STUB_NUMBERS} AS rep
        FROM (SELECT g.grp, min(u.entry) AS first_entry,
                     min(u.entry) FILTER (WHERE u.kind = {described}) AS described_entry,
                     min(u.value) FILTER (WHERE u.kind = {described}) AS stub_key,
                     {", ".join(f"min(u.value) FILTER (WHERE u.kind = {n}) AS {k}" for n, k in enumerate(kinds))}
              FROM link_unfound_codes u JOIN link_key_groups g USING (code) GROUP BY g.grp) s
        LEFT JOIN link_entries e ON e.entry = s.described_entry
        """
    )
    target = """
        SELECT e.src, e.row, e.grp, e.side, e.citing, coalesce(f.paper_id, s.id) AS target
        FROM link_entries e LEFT JOIN link_found f USING (entry)
        LEFT JOIN link_entry_groups g USING (entry) LEFT JOIN link_stubs s ON s.grp = g.grp
    """
    rules = dict(
        frame.rows(
            """
            SELECT CASE WHEN f.rule IS NOT NULL THEN f.rule WHEN g.grp IS NOT NULL THEN -1 ELSE -2 END, count(*)
            FROM link_entries e LEFT JOIN link_found f USING (entry) LEFT JOIN link_entry_groups g USING (entry)
            WHERE e.grp = 0 GROUP BY 1
            """
        )
    )
    # Citation records are few beside references: only their entries are held with their targets.
    frame.sql(f"CREATE OR REPLACE TABLE link_record_targets AS SELECT * FROM ({target}) WHERE grp = 1")
    frame.sql(
        f"""
        CREATE OR REPLACE TABLE cites AS
        SELECT DISTINCT src, dst FROM (
            SELECT citing AS src, target AS dst FROM ({target}) WHERE grp = 0
            UNION ALL
            SELECT a.target, b.target FROM link_record_targets a JOIN link_record_targets b
            ON a.side = 0 AND b.side = 1 AND a.src = b.src AND a.row = b.row
        ) WHERE src IS NOT NULL AND dst IS NOT NULL AND src <> dst
        """
    )
    columns = ", ".join(f"{k} AS {PAPER_ID_COLUMNS[k]}" for k in kinds)
    values = {
        "year_inferred": "false", "authors_complete": "false", "has_code": "false", "sources": "[]",
        "year": "cited_year", "venue": "cited_source", "volume": "cited_volume", "pages": "cited_page",
    }  # fmt: skip
    selected = ", ".join(
        f"CAST({values.get(f.name, 'NULL')} AS {_SQL_TYPES[f.type]}) AS {f.name}"
        for f in STUB_SCHEMA
        if f.name not in ("id", "rep", *PAPER_ID_COLUMNS.values())
    )
    frame.sql(f"CREATE OR REPLACE TABLE stubs AS SELECT id, {columns}, {selected}, rep FROM link_stubs")
    frame.drop(
        "link_papers", "link_lookup", "link_entries", "link_ids", "link_found", "link_unfound", "link_keys",
        "link_unfound_codes", "link_key_groups", "link_entry_groups", "link_stubs", "link_record_targets",
        "link_descriptors",
    )  # fmt: skip
    names = {number: kind for number, kind in enumerate(kinds)} | {described: "description", -1: "stub", -2: "none"}
    return {name: int(rules.get(number, 0)) for number, name in names.items()}


def _found_by_description(frame: MentionFrame, rule: int) -> None:
    """Add to ``link_found`` the references that no id matched but whose description does: same first author
    surname, year, volume and first page as a paper (``cite_key``), and a source that agrees with the paper's venue
    or its abbreviation (:func:`~graphkit.core.citekeys.sources_agree`); among several, the first paper."""
    frame.sql(
        """
        CREATE OR REPLACE TABLE link_descriptors AS
        SELECT p.cite_key, c.paper_id, l.first_pos, p.venue, p.venue_abbrev
        FROM all_papers p JOIN corpus_records c USING (src, rec) JOIN link_papers l USING (paper_id)
        WHERE p.cite_key IS NOT NULL
        """
    )
    candidates = frame.arrow(
        """
        SELECT e.entry, e.cited_source, d.paper_id, d.first_pos, d.venue, d.venue_abbrev
        FROM link_entries e JOIN link_descriptors d USING (cite_key)
        WHERE e.cite_key IS NOT NULL AND e.entry NOT IN (SELECT entry FROM link_found)
        ORDER BY e.entry, d.first_pos
        """
    ).to_pylist()
    chosen: dict[int, str] = {}
    for row in candidates:
        if row["entry"] in chosen:
            continue
        if sources_agree(row["cited_source"], row["venue"]) or (
            row["venue_abbrev"] and sources_agree(row["cited_source"], row["venue_abbrev"])
        ):
            chosen[row["entry"]] = row["paper_id"]
    if chosen:
        frame.register(
            "_described",
            pa.table({"entry": pa.array(list(chosen), pa.int64()), "paper_id": pa.array(list(chosen.values()))}),
        )
        frame.sql(f"INSERT INTO link_found SELECT entry, paper_id, {rule} FROM _described")


_SQL_TYPES = {
    pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN",
    pa.date32(): "DATE", pa.list_(pa.string()): "VARCHAR[]",
}  # fmt: skip


def _linked_groups(count: int, heads: npt.NDArray[np.int64], tails: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Connected components of ``count`` keys joined by the ``heads`` / ``tails`` pairs, named by their
    smallest key."""
    if not len(heads):
        return np.arange(count, dtype=np.int64)
    matrix = coo_matrix((np.ones(len(heads), dtype=np.int8), (heads, tails)), shape=(count, count))
    _, labels = connected_components(matrix, directed=False)
    smallest = np.full(labels.max() + 1, count, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(count, dtype=np.int64))
    result: npt.NDArray[np.int64] = smallest[labels]
    return result


def _institutions(
    frame: MentionFrame, overrides: Overrides
) -> tuple[pa.Table, pa.Table, pa.Table, list[MergeDecision]]:
    """Institution nodes, AFFILIATED_WITH and FROM_INSTITUTION edges, and the decisions.

    Mentions, per paper record: its own institutions, its organisation, then its authors' institutions in
    byline order. A paper's institutions are those of any of its authors, too.
    """
    named = ", ".join(f"f.{k}" for k in _INSTITUTION_FIELDS)
    organisation = ", ".join(f"organisation_{k}" for k in _INSTITUTION_FIELDS)
    rows = frame.arrow(
        f"""
        WITH mentions AS (
            SELECT f.src, f.rec, 0 AS grp, f.row AS ord, NULL::BIGINT AS position, {named}
            FROM all_affiliations f WHERE f.position = 0
            UNION ALL
            SELECT src, rec, 1, 0, NULL, {organisation} FROM all_papers WHERE organisation_name IS NOT NULL
            UNION ALL
            SELECT f.src, f.rec, 2, f.row, f.position, {named} FROM all_affiliations f WHERE f.position > 0
        )
        SELECT {", ".join(f"m.{k}" for k in _INSTITUTION_FIELDS)}, r.paper_id, r.year, b.author_id
        FROM mentions m JOIN corpus_records r USING (src, rec)
        LEFT JOIN corpus_bylines b ON b.src = m.src AND b.rec = m.rec AND b.position = m.position
        ORDER BY m.src, m.rec, m.grp, m.ord
        """
    ).to_pylist()
    schemas = NODE_SCHEMAS["Institution"], REL_SCHEMAS["AFFILIATED_WITH"], REL_SCHEMAS["FROM_INSTITUTION"]
    if not rows:
        return schemas[0].empty_table(), schemas[1].empty_table(), schemas[2].empty_table(), []
    mentions = [
        InstitutionResolver.mention(InstitutionRef(**{k: row[k] for k in _INSTITUTION_FIELDS if row[k] is not None}))
        for row in rows
    ]
    clustering = InstitutionResolver(overrides.institutions.pairs()).resolve(list(mentions))
    nodes: list[tuple[Any, ...]] = []
    id_of_cluster: dict[int, str] = {}
    taken: set[str] = set()
    for cluster, members in clustering.clusters().items():
        node = _merge_institution([mentions[i] for i in members], taken)
        id_of_cluster[cluster] = node[0]
        nodes.append(node)
    affiliated: set[tuple[str, str, int | None]] = set()
    from_institution: set[tuple[str, str]] = set()
    for i, row in enumerate(rows):
        institution_id = id_of_cluster[clustering.cluster_of[i]]
        from_institution.add((row["paper_id"], institution_id))
        if row["author_id"] is not None:
            affiliated.add((row["author_id"], institution_id, row["year"]))
    label_to_id = {m.label: id_of_cluster[clustering.cluster_of[i]] for i, m in enumerate(mentions)}
    for decision in clustering.decisions:
        if decision.outcome == "merged":
            decision.canonical_id = next((label_to_id[x] for x in decision.labels if x in label_to_id), None)
    return (
        pa.table({n: [node[i] for node in nodes] for i, n in enumerate(schemas[0].names)}, schema=schemas[0]),
        _tuples(sorted(affiliated, key=lambda t: (t[0], t[1], t[2] or 0)), schemas[1]),
        _tuples(sorted(from_institution), schemas[2]),
        clustering.decisions,
    )


def _tuples(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(schema.names)}, schema=schema)


def _merge_institution(cluster: list[InstitutionMention], taken: set[str]) -> tuple[Any, ...]:
    """One institution node (id, name, ror, country, aliases) from its mentions."""
    alias = next((m.alias for m in cluster if m.alias is not None), None)
    ror = next((m.ids["ror"] for m in cluster if "ror" in m.ids), None)
    labels = Counter(m.label for m in cluster)
    # A display name beats a slug: prefer labels with capitals or spaces.
    name = alias.name if alias else max(labels, key=lambda s: (s != s.lower() or " " in s, labels[s]))
    country = next((m.ref.country for m in cluster if m.ref and m.ref.country), alias.country if alias else None)
    slug = ror.rsplit("/", 1)[-1] if ror else None
    institution_id = unique_id(f"ror:{slug}" if slug else "gk-i-" + institution_key(name).replace(" ", "-"), taken)
    return institution_id, name, ror, country, sorted(set(labels) - {name})


_LINK_RELS = {
    "CITES": "cites", "AFFILIATED_WITH": "affiliated", "FROM_INSTITUTION": "from_institution",
    "HAS_KEYWORD": "has_keyword",
}  # fmt: skip


@dataclass
class LinksDelta:
    """What an incremental build writes of the links: rows to add or update, and what they replace.

    The frame's ``cites`` and ``stubs`` are narrowed to the CITES edges to create and the stub papers new or
    changed since the last build; ``institutions`` and ``keywords`` are those new or changed; ``replaced`` names
    (per label) the stored stub papers, institutions and keywords that are changed or gone; ``added`` and
    ``removed`` are the ``AFFILIATED_WITH``, ``FROM_INSTITUTION`` and ``HAS_KEYWORD`` rows to create, and the rows
    of all four link types to delete.
    """

    institutions: pa.Table
    keywords: pa.Table
    replaced: dict[str, list[str]]
    added: dict[str, pa.Table]
    removed: dict[str, pa.Table]


def links_delta(frame: MentionFrame, old_index: Path, new: CorpusLinks) -> LinksDelta:
    """The difference between the links kept in ``old_index`` and this build's (``new`` and the frame's)."""
    old = {name: f"read_parquet('{sql_path(old_index / f'{name}.parquet')}')" for name in LINK_TABLES}
    for name, table in new.tables().items():
        frame.register(f"new_{name}", table)
    frame.sql("CREATE OR REPLACE TABLE new_cites AS SELECT * FROM cites")
    frame.sql("CREATE OR REPLACE TABLE new_stubs AS SELECT * FROM stubs")

    def arrow(query: str, schema: pa.Schema) -> pa.Table:
        return frame.arrow(query).select(schema.names).cast(schema)

    added = {
        rel: arrow(f"SELECT * FROM new_{name} EXCEPT SELECT * FROM {old[name]}", REL_SCHEMAS[rel])
        for rel, name in (
            ("AFFILIATED_WITH", "affiliated"), ("FROM_INSTITUTION", "from_institution"), ("HAS_KEYWORD", "has_keyword")
        )
    }  # fmt: skip
    removed = {
        rel: arrow(f"SELECT * FROM {old[name]} EXCEPT SELECT * FROM new_{name}", REL_SCHEMAS[rel])
        for rel, name in _LINK_RELS.items()
    }
    institutions = arrow(
        f"SELECT * FROM new_institutions EXCEPT SELECT * FROM {old['institutions']} ORDER BY id",
        NODE_SCHEMAS["Institution"],
    )
    keywords = arrow(
        f"SELECT * FROM new_keywords EXCEPT SELECT * FROM {old['keywords']} ORDER BY id", NODE_SCHEMAS["Keyword"]
    )
    # A node row is compared whole; ``rep`` only orders stubs, so it is left out.
    replaced = {
        label: [row[0] for row in frame.rows(
            f"SELECT id FROM (SELECT * {exclude} FROM {old[name]} EXCEPT SELECT * {exclude} FROM new_{name}) "
            "ORDER BY id"
        )]
        for label, name, exclude in (
            ("Paper", "stubs", "EXCLUDE (rep)"), ("Institution", "institutions", ""), ("Keyword", "keywords", "")
        )
    }  # fmt: skip
    frame.sql(f"CREATE OR REPLACE TABLE cites AS SELECT * FROM new_cites EXCEPT SELECT * FROM {old['cites']}")
    frame.sql(
        "CREATE OR REPLACE TABLE stubs AS SELECT * FROM new_stubs WHERE id IN (SELECT id FROM ("
        f"SELECT * EXCLUDE (rep) FROM new_stubs EXCEPT SELECT * EXCLUDE (rep) FROM {old['stubs']}))"
    )
    frame.drop(*(f"new_{name}" for name in LINK_TABLES))
    return LinksDelta(institutions=institutions, keywords=keywords, replaced=replaced, added=added, removed=removed)
