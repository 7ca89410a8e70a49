"""Bulk assembly: staged tables in, one resolved graph out as columnar tables.

The steps, each over the :class:`~graphkit.resolve.frame.MentionFrame` (DuckDB) and never with a
Python object per record or byline:

1. papers (:mod:`graphkit.resolve.bulk_papers`): records that describe one paper become one node;
2. authors (:mod:`graphkit.resolve.bulk_authors`): every byline name and profile becomes a person;
3. categories;
4. authorships (one per person and paper, at their first byline position) and the coauthor pairs,
   by a self-join that skips papers of more than ``coauthor_max_authors`` authors;
5. citations (with a stub node for each cited work not otherwise known) and institutions, matched over the
   whole corpus (:mod:`graphkit.resolve.links`).

Canonical ids are stable across builds: an external id where the entity has one
(``arxiv:2106.09685``, ``orcid:0000-…``, ``ror:03vek6s52``), otherwise a short hash of the
normalised title or name (``gk-p-…``, ``gk-a-…``), so rebuilding from the same records gives the
same ids. The rules and decisions are those of the per-entity resolvers
(:mod:`graphkit.resolve.papers`, :mod:`~graphkit.resolve.authors`, :mod:`~graphkit.resolve.institutions`),
which still decide every case that needs deciding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from graphkit.core.settings import DEFAULT_COAUTHOR_MAX_AUTHORS
from graphkit.core.taxonomy import load_taxonomy
from graphkit.resolve.author_model import AuthorResolution, author_model_of
from graphkit.resolve.base import MergeDecision
from graphkit.resolve.bulk_authors import AUTHOR_ID_KINDS, resolve_authors
from graphkit.resolve.bulk_papers import resolve_papers
from graphkit.resolve.frame import MentionFrame, TableSource
from graphkit.resolve.index import decision_rows, write_index
from graphkit.resolve.links import CorpusLinks, LinksDelta, frame_corpus, index_corpus, link_corpus
from graphkit.resolve.overrides import Overrides
from graphkit.resolve.tables import NODE_SCHEMAS, REL_SCHEMAS, GraphTables

__all__ = ["ChangeHooks", "assemble_tables", "resolved_tables"]


class ChangeHooks(Protocol):
    """What an incremental build does to a run over the records a change touches.

    See :mod:`graphkit.resolve.incremental`.
    """

    @property
    def keep(self) -> pa.Table:
        """The records to resolve (``src``, ``rec``)."""

    def resolved(self, frame: MentionFrame) -> None:
        """After papers and authors are resolved: give what the change did not touch its stored ids."""

    def finish(self, frame: MentionFrame, decisions: pa.Table, max_authors: int) -> tuple[list[MergeDecision], int]:
        """After the edges: write the new index, narrow the frame's tables to the delta; return every decision
        of the new state and its count of hyper-authored papers."""

    @property
    def index_to(self) -> Path:
        """Where the new index is written."""

    def links_delta(self, frame: MentionFrame, links: CorpusLinks) -> LinksDelta:
        """What differs between the last build's links and this build's (``links`` and the frame's ``cites`` and
        ``stubs``, which it narrows to the rows to write)."""


def assemble_tables(
    sources: Sequence[TableSource],
    overrides: Overrides | None = None,
    *,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
    temp_directory: str | Path | None = None,
    author_model: AuthorResolution = "rules",
) -> GraphTables:
    """Resolve the staged tables of ``sources`` (in build order) into the graph's tables, all in memory.

    Parameters are those of :func:`resolved_tables`, which streams the tables instead (what a build uses).

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, PaperRecord, Provenance
    >>> from graphkit.stage.tables import records_to_tables
    >>> src = Provenance(source="x", line=1, format="ranked-list")
    >>> records = [
    ...     PaperRecord(title="A Study of Things", authors=[AuthorRef(name="Sham M. Kakade")], provenance=src),
    ...     PaperRecord(title="A study of things", authors=[AuthorRef(name="Sham Kakade")], provenance=src),
    ... ]
    >>> tables = assemble_tables([records_to_tables(records)])
    >>> tables.counts()["Paper"], tables.table("Author").column("name").to_pylist()
    (1, ['Sham M. Kakade'])
    """
    with resolved_tables(
        sources,
        overrides,
        coauthor_max_authors=coauthor_max_authors,
        temp_directory=temp_directory,
        ordered=True,
        author_model=author_model,
    ) as tables:
        return tables.materialized()


@contextmanager
def resolved_tables(
    sources: Sequence[TableSource],
    overrides: Overrides | None = None,
    *,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
    temp_directory: str | Path | None = None,
    ordered: bool = False,
    index_to: Path | None = None,
    change: ChangeHooks | None = None,
    author_model: AuthorResolution = "rules",
) -> Iterator[GraphTables]:
    """Resolve ``sources`` and give the graph's tables, streamed from DuckDB while the context is open.

    The large tables (papers with their abstracts, authors, authorships, coauthor pairs, categories of papers,
    citations) are read batch by batch as the caller consumes them — a store writing them never holds one
    whole — so read them one at a time, inside the ``with`` block.

    Parameters
    ----------
    sources : sequence of StagedTables or staged folders
        Each source file's tables (:mod:`graphkit.stage.tables`).
    overrides : Overrides, optional
        The user's must-merge / must-not-merge decisions.
    coauthor_max_authors : int
        Papers with more authors keep their authorships but add no coauthor pairs, and are no
        coauthor evidence for author resolution.
    temp_directory : path, optional
        Where DuckDB may spill.
    ordered : bool
        Give papers in record order (what the in-memory graph shows) rather than in the order that is
        cheapest to stream (the store does not care; sorting every abstract costs memory and time).
    index_to : path, optional
        Write the resolution index (:mod:`graphkit.resolve.index`) into this folder (staged sources only).
    change : ChangeHooks, optional
        What an incremental build does to a run over only the records a change touches
        (:mod:`graphkit.resolve.incremental`): the tables given are then the delta.
    author_model : "rules", "learned" or AuthorModel
        Who decides which byline names are one person: the name rules (the default), the learned model shipped
        with graphkit (:func:`~graphkit.resolve.author_model.default_model`), or a model of your own
        (:mod:`graphkit.resolve.author_clusters`).

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, PaperRecord, Provenance
    >>> from graphkit.stage.tables import records_to_tables
    >>> record = PaperRecord(title="T", authors=[AuthorRef(name="Ann Lee")],
    ...                      provenance=Provenance(source="x", format="ranked-list"))
    >>> with resolved_tables([records_to_tables([record])]) as tables:
    ...     [batch.num_rows for batch in tables.batches("AUTHORED")]
    [1]
    """
    overrides = overrides or Overrides()
    keep = change.keep if change is not None else None
    with MentionFrame(sources, temp_directory=temp_directory, keep=keep) as frame:
        paper_decisions = resolve_papers(frame, overrides.papers.pairs())
        model = author_model_of(author_model)
        author_decisions = resolve_authors(frame, overrides.authors.pairs(), coauthor_max_authors, model)
        if change is not None:
            change.resolved(frame)
        categories = _categories(frame)
        hyper_authored = _authorships(frame, coauthor_max_authors)
        decisions = paper_decisions + author_decisions
        links_delta: LinksDelta | None = None
        if index_to is not None or change is not None:
            rows = decision_rows(frame, paper_decisions, author_decisions)
            if change is not None:
                decisions, hyper_authored = change.finish(frame, rows, coauthor_max_authors)
                index_to = change.index_to
            else:
                assert index_to is not None
                write_index(frame, index_to, _folder_names(sources), rows, coauthor_max_authors)
            # Links are matched over the whole corpus, from what the index says of every record.
            index_corpus(frame, index_to, _folder_names(sources))
        else:
            frame_corpus(frame)
        # The index tables are written: free their memory before the links and the store's streams.
        frame.drop("author_index", "paper_index", "paper_decision_components", "author_decision_components")
        links = link_corpus(frame, overrides)
        if index_to is not None:
            links.write(index_to, frame)
        institutions, keywords = links.institutions, links.keywords
        linked = {
            "AFFILIATED_WITH": links.affiliated, "FROM_INSTITUTION": links.from_institution,
            "HAS_KEYWORD": links.has_keyword,
        }  # fmt: skip
        if change is not None:
            links_delta = change.links_delta(frame, links)
            institutions, keywords, linked = links_delta.institutions, links_delta.keywords, links_delta.added
        author_ids = ", ".join(f"{k} AS {_AUTHOR_COLUMNS[k]}" for k in AUTHOR_ID_KINDS)
        queries = {
            "Paper": _PAPER_OUTPUT + (" ORDER BY rep" if ordered else ""),
            "Author": f"""
                SELECT id, name, name_variants, {author_ids}, profile.h AS profile_h_index,
                       profile.c AS profile_citations, profile.p AS profile_paper_count, sources
                FROM author_nodes ORDER BY cluster
            """,
            "AUTHORED": "SELECT src, dst, position FROM authored ORDER BY seq",
            "CITES": "SELECT src, dst FROM cites ORDER BY src, dst",
            "IN_CATEGORY": "SELECT src, dst, is_primary FROM in_category ORDER BY seq",
            "COAUTHORED_WITH": "SELECT src, dst, papers, first_year, last_year FROM coauthored ORDER BY seq, src, dst",
        }
        count = {name: frame.rows(f"SELECT count(*) FROM {name}")[0][0] for name in _STREAMED_TABLES}
        sizes = {
            "Paper": count["paper_nodes"] + count["stubs"], "Author": count["author_nodes"],
            "AUTHORED": count["authored"], "CITES": count["cites"], "IN_CATEGORY": count["in_category"],
            "COAUTHORED_WITH": count["coauthored"],
        }  # fmt: skip
        schemas = {**NODE_SCHEMAS, **REL_SCHEMAS}
        # The paper table streams the staged papers (titles, abstracts) past the small resolved tables.
        streams = {
            name: _stream(frame, query, schemas[name], written_join_order=name == "Paper")
            for name, query in queries.items()
        }
        yield GraphTables(
            nodes={"Paper": streams["Paper"], "Author": streams["Author"], "Institution": institutions,
                   "Category": categories, "Keyword": keywords},
            rels={"AUTHORED": streams["AUTHORED"], "CITES": streams["CITES"], "IN_CATEGORY": streams["IN_CATEGORY"],
                  "AFFILIATED_WITH": linked["AFFILIATED_WITH"], "FROM_INSTITUTION": linked["FROM_INSTITUTION"],
                  "HAS_KEYWORD": linked["HAS_KEYWORD"],
                  "COAUTHORED_WITH": streams["COAUTHORED_WITH"]},
            decisions=decisions + links.decisions,
            replaced=links_delta.replaced if links_delta else {},
            removed=links_delta.removed if links_delta else {},
            hyper_authored=hyper_authored,
            references=links.references,
            sizes=sizes,
        )  # fmt: skip


def _folder_names(sources: Sequence[TableSource]) -> list[str]:
    """The staged folder of each source (a resolution index names records by folder)."""
    folders = [source.name for source in sources if isinstance(source, Path)]
    if len(folders) != len(sources):
        raise ValueError("a resolution index is written for staged sources only")
    return folders


_STREAMED_TABLES = ("paper_nodes", "stubs", "author_nodes", "authored", "cites", "in_category", "coauthored")

_PAPER_OUTPUT = """
    WITH other_abstracts AS (
        -- A cluster whose longest abstract is not its first record's (rare): that one abstract, looked up.
        SELECT n.rep, a.abstract
        FROM paper_nodes n JOIN pm ap ON ap.pm = n.abstract_pm JOIN papers a ON a.src = ap.src AND a.rec = ap.rec
        WHERE n.abstract_pm IS DISTINCT FROM n.rep
    )
    SELECT n.rep, n.id, t.title, n.date, n.year, n.date_precision, n.year_inferred,
           CASE WHEN n.abstract_pm = n.rep THEN t.abstract ELSE o.abstract END AS abstract, n.doi, n.arxiv_id,
           n.openalex_id, n.s2_id, n.dblp_key, n.wos_id, n.scopus_id, n.pmid, n.venue, n.volume, n.pages,
           n.author_count, n.authors_complete, n.citation_count, n.category,
           n.score, n.upvotes, n.has_code, n.sources
    FROM papers t JOIN pm r ON t.src = r.src AND t.rec = r.rec JOIN paper_nodes n ON n.rep = r.pm
    LEFT JOIN other_abstracts o ON o.rep = n.rep
    UNION ALL BY NAME
    SELECT * FROM stubs
"""


def _stream(
    frame: MentionFrame, query: str, schema: pa.Schema, *, written_join_order: bool = False
) -> Callable[[], Iterator[pa.RecordBatch]]:
    """A function that streams ``query`` as record batches of ``schema``."""

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in frame.reader(query, written_join_order=written_join_order):
            yield pa.RecordBatch.from_arrays(
                [batch.column(name).cast(schema.field(name).type) for name in schema.names], schema=schema
            )

    return batches


_AUTHOR_COLUMNS = {
    "orcid": "orcid", "openalex": "openalex_id", "s2": "s2_id", "dblp": "dblp_id", "scopus": "scopus_id",
}  # fmt: skip


def _categories(frame: MentionFrame) -> pa.Table:
    """IN_CATEGORY edges (frame table ``in_category``: primary where the code is the paper's own category);
    returns the Category nodes of the codes used."""
    frame.sql(
        """
        CREATE TABLE in_category AS
        WITH listed AS (
            SELECT pm, CASE WHEN len(coalesce(categories, [])) > 0 THEN categories
                            WHEN coalesce(category, '') <> '' THEN [category] ELSE [] END AS codes
            FROM pm
        ),
        flat AS (SELECT pm, unnest(codes) AS code, unnest(range(len(codes))) AS i FROM listed)
        SELECT paper_of.paper_id AS src, flat.code AS dst,
               coalesce(bool_or(paper_nodes.category = flat.code), false) AS is_primary,
               min(flat.pm::HUGEINT * 1000000 + flat.i) AS seq
        FROM flat JOIN paper_of USING (pm) JOIN paper_nodes ON paper_nodes.rep = paper_of.rep
        GROUP BY paper_of.paper_id, flat.code
        """
    )
    taxonomy = load_taxonomy()
    rows = []
    for (code,) in frame.rows("SELECT dst FROM in_category GROUP BY dst ORDER BY min(seq)"):
        category = taxonomy.get(code)
        rows.append((category.code, category.name, category.archive, category.group))
    schema = NODE_SCHEMAS["Category"]
    return pa.table({name: [row[i] for row in rows] for i, name in enumerate(schema.names)}, schema=schema)


def _authorships(frame: MentionFrame, max_authors: int) -> int:
    """AUTHORED (one per person and paper, first byline position) and the coauthor pairs (frame tables
    ``authored`` and ``coauthored``); returns the count of hyper-authored papers."""
    frame.sql(
        """
        CREATE TABLE authored AS
        SELECT a.author_id AS src, p.paper_id AS dst, min(a.position) AS position, min(a.am) AS seq
        FROM author_of a JOIN paper_of p USING (pm) WHERE a.pm IS NOT NULL
        GROUP BY a.author_id, p.paper_id
        """
    )
    frame.sql("CREATE TABLE paper_sizes AS SELECT dst, count(*) AS n, min(seq) AS seq FROM authored GROUP BY dst")
    hyper = frame.rows("SELECT count(*) FROM paper_sizes WHERE n > $max", {"max": max_authors})[0][0]
    # Pairs are numbered by the first paper they share (in byline order), as KnowledgeGraph.derive_coauthorships
    # would meet them.
    frame.sql(
        """
        CREATE TABLE coauthored AS
        SELECT x.src, y.src AS dst, count(*) AS papers, min(p.year) AS first_year, max(p.year) AS last_year,
               min(s.seq) AS seq
        FROM authored x JOIN authored y ON x.dst = y.dst AND x.src < y.src
        JOIN paper_sizes s ON s.dst = x.dst JOIN paper_nodes p ON p.id = x.dst
        WHERE s.n <= $max
        GROUP BY x.src, y.src
        """,
        {"max": max_authors},
    )
    return int(hyper)
