"""The staged tables of one source file, and their exact mapping to and from the typed records.

A file's records become six flat tables, each row keyed by ``rec`` (the record's index in the file, so
the order of records survives the round trip):

========================  =================================================================================
``papers``                one row per :class:`~graphkit.core.models.PaperRecord`: its scalar fields, ids
                          (``arxiv``, ``doi``, …), category lists, the organisation, and its provenance
``authors``               one row per byline name: ``rec``, ``position`` (1-based), ``name``, author ids
``affiliations``          one row per institution named: ``rec``, ``position`` (0 for the paper's own list,
                          else the author's byline position), ``name``, ``slug``, ``ror``, ``country``
``references``            one row per cited work: ``rec``, the cited ids, and the reference's description
                          (first author, year, source, volume, page, text as printed)
``citations``             one row per :class:`~graphkit.core.models.CitationRecord`
``profiles``              one row per :class:`~graphkit.core.models.AuthorProfileRecord`
========================  =================================================================================

Two derived columns carry what resolution matches references by (:mod:`graphkit.core.citekeys`), computed
here once: ``papers.cite_key`` (a paper's first author, year, volume and first page) and ``references.cite_key`` /
``references.stub_key``. They are not part of the records and are not read back.

Flat tables rather than nested ones, so that the bulk stages (DuckDB) join them by ``rec`` and by id
without unnesting. :func:`records_to_tables` and :func:`tables_to_records` are exact inverses (tested on
every real sample), so nothing a record says is lost by staging it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from graphkit.core.citekeys import match_key, stub_key
from graphkit.core.models import (
    AnyRecord,
    AuthorIds,
    AuthorProfileRecord,
    AuthorRef,
    CitationRecord,
    CitedWork,
    InstitutionRef,
    PaperIds,
    PaperRecord,
    Provenance,
)

__all__ = ["SCHEMAS", "TABLES", "StagedTables", "records_to_tables", "tables_to_records"]

_S, _I, _F, _B, _D, _L = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32(), pa.list_(pa.string())
_PAPER_IDS = ("arxiv", "doi", "openalex", "s2", "dblp", "wos", "scopus", "pmid")
_AUTHOR_IDS = ("orcid", "openalex", "s2", "dblp", "scopus")
_PROVENANCE = [("source", _S), ("line", _I), ("format", _S)]
_PAPER_SCALARS = [
    ("title", _S), ("authors_complete", _B), ("author_count", _I), ("date", _D), ("date_raw", _S),
    ("date_precision", _S), ("year_inferred", _B), ("category", _S), ("category_raw", _S), ("categories", _L),
    ("upvotes", _I), ("score", _F), ("has_code", _B), ("abstract", _S), ("profile_author", _S), ("venue", _S),
    ("journal_ref", _S), ("topics", _L), ("cited_by_count", _I), ("venue_abbrev", _S), ("volume", _S), ("issue", _S),
    ("pages", _S), ("keywords", _L), ("indexed_terms", _L),
]  # fmt: skip
_CITED = [("first_author", _S), ("year", _I), ("source", _S), ("volume", _S), ("page", _S), ("text", _S)]
_PROFILE_SCALARS = [
    ("name", _S), ("field", _S), ("field_raw", _S), ("h_index", _I), ("paper_count", _I), ("citations", _I),
    ("novelty_percent", _F), ("ai_score", _F),
]  # fmt: skip
_INSTITUTION = [("name", _S), ("slug", _S), ("ror", _S), ("country", _S)]

SCHEMAS: dict[str, pa.Schema] = {
    "papers": pa.schema(
        [
            ("rec", _I),
            *_PROVENANCE,
            *_PAPER_SCALARS,
            *((k, _S) for k in _PAPER_IDS),
            *((f"organisation_{k}", t) for k, t in _INSTITUTION),
            ("cite_key", _S),
        ]
    ),
    "authors": pa.schema(
        [
            ("rec", _I),
            ("position", _I),
            ("name", _S),
            ("short_name", _S),
            ("has_ids", _B),
            *((k, _S) for k in _AUTHOR_IDS),
        ]
    ),
    "affiliations": pa.schema([("rec", _I), ("position", _I), *_INSTITUTION]),
    "references": pa.schema([("rec", _I), *((k, _S) for k in _PAPER_IDS), *_CITED, ("cite_key", _S), ("stub_key", _S)]),
    "citations": pa.schema(
        [
            ("rec", _I),
            *_PROVENANCE,
            *((f"citing_{k}", _S) for k in _PAPER_IDS),
            *((f"cited_{k}", _S) for k in _PAPER_IDS),
            ("date", _D),
        ]
    ),
    "profiles": pa.schema([("rec", _I), *_PROVENANCE, *_PROFILE_SCALARS]),
}
"""The Arrow schema of every staged table."""
TABLES = tuple(SCHEMAS)

PAPER_LEVEL = 0
"""``affiliations.position`` of a paper's own institutions (authors' are at their byline position)."""


@dataclass
class StagedTables:
    """One source file's records as Arrow tables (see the module table)."""

    papers: pa.Table
    authors: pa.Table
    affiliations: pa.Table
    references: pa.Table
    citations: pa.Table
    profiles: pa.Table

    def table(self, name: str) -> pa.Table:
        """The table called ``name`` (one of :data:`TABLES`)."""
        table: pa.Table = getattr(self, name)
        return table

    @property
    def records(self) -> int:
        """How many records the tables hold."""
        return int(self.papers.num_rows + self.citations.num_rows + self.profiles.num_rows)


class _Columns:
    """Column lists for one table, appended to row by row."""

    def __init__(self, name: str) -> None:
        self.schema = SCHEMAS[name]
        self.columns: dict[str, list[Any]] = {field.name: [] for field in self.schema}

    def add(self, **values: Any) -> None:
        for name, column in self.columns.items():
            column.append(values.get(name))

    def table(self) -> pa.Table:
        return pa.table(self.columns, schema=self.schema)


def _institution(prefix: str, ref: InstitutionRef | None) -> dict[str, Any]:
    return {f"{prefix}{k}": getattr(ref, k) if ref else None for k, _ in _INSTITUTION}


def records_to_tables(records: Iterable[AnyRecord]) -> StagedTables:
    """Stage records as the six tables, in record order.

    Examples
    --------
    >>> src = Provenance(source="a.txt", line=3, format="ranked-list")
    >>> record = PaperRecord(title="T", authors=[AuthorRef(name="Ann Lee")], provenance=src)
    >>> tables = records_to_tables([record])
    >>> tables.papers.column("title").to_pylist(), tables.authors.column("name").to_pylist()
    (['T'], ['Ann Lee'])
    >>> list(tables_to_records(tables)) == [record]
    True
    """
    columns = {name: _Columns(name) for name in TABLES}
    for rec, record in enumerate(records):
        provenance = {"source": record.provenance.source, "line": record.provenance.line,
                      "format": record.provenance.format}  # fmt: skip
        if isinstance(record, PaperRecord):
            columns["papers"].add(
                rec=rec, **provenance, **{name: getattr(record, name) for name, _ in _PAPER_SCALARS},
                **{k: getattr(record.ids, k) for k in _PAPER_IDS}, **_institution("organisation_", record.organisation),
                cite_key=_paper_key(record),
            )  # fmt: skip
            for position, author in enumerate(record.authors, start=1):
                ids = author.ids
                columns["authors"].add(
                    rec=rec, position=position, name=author.name, short_name=author.short_name, has_ids=ids is not None,
                    **{k: getattr(ids, k) if ids else None for k in _AUTHOR_IDS},
                )  # fmt: skip
                for ref in author.affiliations:
                    columns["affiliations"].add(rec=rec, position=position, **_institution("", ref))
            for ref in record.affiliations:
                columns["affiliations"].add(rec=rec, position=PAPER_LEVEL, **_institution("", ref))
            for reference in record.references:
                columns["references"].add(rec=rec, **_reference_row(reference))
        elif isinstance(record, CitationRecord):
            sides = {
                f"{side}_{k}": getattr(getattr(record, side), k) for side in ("citing", "cited") for k in _PAPER_IDS
            }
            columns["citations"].add(rec=rec, **provenance, date=record.date, **sides)
        else:
            columns["profiles"].add(rec=rec, **provenance, **{n: getattr(record, n) for n, _ in _PROFILE_SCALARS})
    return StagedTables(**{name: column.table() for name, column in columns.items()})


def _paper_key(record: PaperRecord) -> str | None:
    if not record.authors or record.date is None:
        return None
    return match_key(record.authors[0].name, record.date.year, record.volume, record.pages)


def _reference_row(reference: CitedWork) -> dict[str, Any]:
    described = {name: getattr(reference, name) for name, _ in _CITED}
    return {
        **{k: getattr(reference.ids, k) for k in _PAPER_IDS}, **described,
        "cite_key": match_key(reference.first_author, reference.year, reference.volume, reference.page),
        "stub_key": stub_key(reference.first_author, reference.year, reference.source, reference.volume,
                             reference.page, reference.text),
    }  # fmt: skip


def _grouped(table: pa.Table) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in table.to_pylist():
        grouped.setdefault(row["rec"], []).append(row)
    return grouped


def _present(row: dict[str, Any], names: Iterable[str], prefix: str = "") -> dict[str, Any]:
    return {name: row[prefix + name] for name in names if row[prefix + name] is not None}


def _institution_ref(row: dict[str, Any], prefix: str = "") -> InstitutionRef:
    return InstitutionRef(**{k: row[prefix + k] for k, _ in _INSTITUTION if row[prefix + k] is not None})


def tables_to_records(tables: StagedTables) -> Iterator[AnyRecord]:
    """The records the tables were staged from, in their original order (the inverse of :func:`records_to_tables`)."""
    authors, affiliations, references = (
        _grouped(tables.authors), _grouped(tables.affiliations), _grouped(tables.references)
    )  # fmt: skip
    built: list[tuple[int, AnyRecord]] = []
    for row in tables.papers.to_pylist():
        rec = row["rec"]
        by_position: dict[int, list[InstitutionRef]] = {}
        for affiliation in affiliations.get(rec, []):
            by_position.setdefault(affiliation["position"], []).append(_institution_ref(affiliation))
        byline = [
            AuthorRef(
                name=a["name"],
                short_name=a["short_name"],
                ids=AuthorIds(**_present(a, _AUTHOR_IDS)) if a["has_ids"] else None,
                affiliations=by_position.get(a["position"], []),
            )
            for a in authors.get(rec, [])
        ]
        organisation = _institution_ref(row, "organisation_") if row["organisation_name"] is not None else None
        fields = {name: row[name] for name, _ in _PAPER_SCALARS}
        for name in ("categories", "topics", "keywords", "indexed_terms"):
            fields[name] = fields[name] or []
        built.append((rec, PaperRecord(
            **{k: v for k, v in fields.items() if v is not None}, authors=byline,
            affiliations=by_position.get(PAPER_LEVEL, []), organisation=organisation,
            ids=PaperIds(**_present(row, _PAPER_IDS)),
            references=[
                CitedWork(ids=PaperIds(**_present(r, _PAPER_IDS)), **_present(r, [n for n, _ in _CITED]))
                for r in references.get(rec, [])
            ],
            provenance=_provenance(row),
        )))  # fmt: skip
    for row in tables.citations.to_pylist():
        citing, cited = (PaperIds(**_present(row, _PAPER_IDS, side)) for side in ("citing_", "cited_"))
        built.append((row["rec"], CitationRecord(citing=citing, cited=cited, date=row["date"],
                                                 provenance=_provenance(row))))  # fmt: skip
    for row in tables.profiles.to_pylist():
        fields = {name: row[name] for name, _ in _PROFILE_SCALARS}
        built.append((row["rec"], AuthorProfileRecord(**{k: v for k, v in fields.items() if v is not None},
                                                      provenance=_provenance(row))))  # fmt: skip
    built.sort(key=lambda item: item[0])
    for _, record in built:
        yield record


def _provenance(row: dict[str, Any]) -> Provenance:
    return Provenance(source=row["source"], line=row["line"], format=row["format"])
