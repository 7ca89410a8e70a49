"""Labelled author-disambiguation sets from the shared datasets: mentions, their records and the true person.

A *mention* is one author's place in one byline, ``(record key, 1-based position)``. Each set gives the records
to resolve (:class:`~graphkit.core.models.PaperRecord`, with the ids that would give the answer away removed),
the mentions to score, the true person of each, and the *block* of each mention (the name it is scored under).

- :func:`aminer` — the AMiner name-disambiguation benchmark (``aminer-and/``, 58 ambiguous names): the target
  author of each publication, located in its byline by name, labelled with the person.
- :func:`dblp` — the DBLP excerpts: DBLP names are unique per person (homonyms carry a number, ``Wei Wang
  0001``); the number and the DBLP person id are removed from the records and kept as the truth.
- :func:`openalex` — the OpenAlex works page: OpenAlex author ids and ORCIDs removed and kept as the truth.
- :func:`semantic_scholar` — the Semantic Scholar responses: author ids removed and kept as the truth.
- :func:`hepth_submitters` — weak labels on a whole real corpus: the hep-th abstracts, each submitter's byline
  name labelled with their e-mail (recall only: one person may write from several addresses).
"""

from __future__ import annotations

import email.utils
import html
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from graphkit.core.models import AuthorRef, InstitutionRef, PaperIds, PaperRecord, Provenance
from graphkit.core.text import fold
from graphkit.extract import extract
from graphkit.extract.dates import year_start

__all__ = [
    "LabelledSet", "Mention", "aminer", "block_key", "dblp", "hepth_submitters", "openalex", "semantic_scholar",
]  # fmt: skip

Mention = tuple[str, int]
"""``(record key, 1-based byline position)``: the record key is the record's ``dblp`` id in :attr:`records`."""


@dataclass
class LabelledSet:
    """Records to resolve and the true person of each mention to score."""

    name: str
    records: list[PaperRecord] = field(default_factory=list)
    truth: dict[Mention, str] = field(default_factory=dict)
    block: dict[Mention, str] = field(default_factory=dict)
    #: Mentions the set holds but could not use (e.g. a target author not found in the byline), with why.
    unlocated: list[str] = field(default_factory=list)
    #: Weak labels: two mentions with the same truth are one person, two with different truths may still be
    #: (only recall means anything).
    positive_only: bool = False

    def author_at(self, mention: Mention) -> AuthorRef:
        """The byline entry at ``mention`` (its name, ids and affiliations as the record has them)."""
        return self._by_key[mention[0]].authors[mention[1] - 1]

    def byline_name(self, mention: Mention) -> str:
        """The name printed at ``mention``."""
        return self.author_at(mention).name

    @cached_property
    def _by_key(self) -> dict[str, PaperRecord]:
        return {r.ids.dblp or "": r for r in self.records}


# --- AMiner ----------------------------------------------------------------------------------------------------------

_BLOCK = re.compile(r"<publication>(.*?)</publication>", re.S)
_FIELD = re.compile(r"<(\w+)>(.*?)</\1>", re.S)


# SGML's ISO Greek entities (ISO 8879 "isogrk1"), which some AMiner titles use and HTML does not define.
_ISO_GREEK = dict(
    zip(
        "agr bgr ggr dgr egr zgr eegr thgr igr kgr lgr mgr ngr xgr ogr pgr rgr sgr tgr ugr phgr khgr psgr ohgr".split(),
        "αβγδεζηθικλμνξοπρστυφχψω",
        strict=True,
    )
)
_ISO_GREEK |= {name[0].upper() + name[1:]: letter.upper() for name, letter in _ISO_GREEK.items()}
_GREEK_ENTITY = re.compile(r"&([A-Za-z]+gr);")


def _aminer_fields(text: str) -> dict[str, str]:
    # The files are not well-formed XML (raw "&", HTML entities): fields are read by a tolerant scan.
    def decoded(value: str) -> str:
        value = _GREEK_ENTITY.sub(lambda m: _ISO_GREEK.get(m[1], m[0]), value)
        return html.unescape(value).strip()

    return {key: decoded(value) for key, value in _FIELD.findall(text)}


def _locate(full_name: str, byline: list[str]) -> int | None:
    """The 1-based position of the target author in a byline: the exact name, else the one name whose surname and
    first initial match (None when none or several do)."""
    target = fold(full_name).split()
    folded = [fold(name).split() for name in byline]
    exact = [i for i, words in enumerate(folded, 1) if words == target]
    if len(exact) == 1:
        return exact[0]
    if not target:
        return None
    close = [
        i
        for i, words in enumerate(folded, 1)
        if (words and words[-1] == target[-1] and words[0][:1] == target[0][:1])
        or "".join(words) == "".join(target)  # hyphens and spaces printed differently
    ]
    return close[0] if len(close) == 1 else None


def aminer(data: Path) -> LabelledSet:
    """The AMiner benchmark names in ``data/aminer-and``: one block per name, the target author's mentions labelled.

    A publication shared by two ambiguous names appears in both files: it is one record with two scored mentions.
    """
    result = LabelledSet("aminer")
    records: dict[str, PaperRecord] = {}
    for path in sorted((data / "aminer-and").glob("*.xml")):
        text = path.read_text("utf-8")
        head = _aminer_fields(text.split("<publication>", 1)[0])
        full_name = head.get("FullName", "")
        for number, block in enumerate(_BLOCK.findall(text), 1):
            fields = _aminer_fields(block)
            byline = [name.strip() for name in fields.get("authors", "").split(",") if name.strip()]
            key = f"aminer/{fields.get('id')}"
            position = _locate(full_name, byline)
            if position is None:
                result.unlocated.append(f"{path.name} publication {number}: {full_name!r} not in {byline}")
                continue
            organisation = fields.get("organization", "")
            affiliation = [InstitutionRef(name=organisation)] if organisation not in ("", "null") else []
            if key not in records:
                year = year_start(fields.get("year", ""))
                records[key] = PaperRecord(
                    title=fields.get("title") or None,
                    authors=[
                        AuthorRef(name=name, affiliations=affiliation if at == position else [])
                        for at, name in enumerate(byline, 1)
                    ],
                    authors_complete=True,
                    date=year,
                    date_precision="year" if year else None,
                    venue=fields.get("jconf") or None,
                    ids=PaperIds(dblp=key),
                    provenance=Provenance(source=str(path), line=None, format="aminer"),
                )
            elif affiliation:  # the publication is in an earlier name's file: add this author's organisation
                named = records[key].authors[position - 1]
                records[key].authors[position - 1] = named.model_copy(update={"affiliations": affiliation})
            mention = (key, position)
            result.truth[mention] = f"{full_name}#{fields.get('label')}"
            result.block[mention] = full_name
    result.records = list(records.values())
    return result


# --- sets with ids as the truth --------------------------------------------------------------------------------------


def _with_ids_removed(name: str, records: list[PaperRecord], truth_of: object) -> LabelledSet:
    """Records with their author ids removed, and each mention's truth from ``truth_of(author)`` (None: unscored)."""
    result = LabelledSet(name)
    for number, record in enumerate(records, 1):
        key = f"{name}/{number}"
        authors = []
        for position, author in enumerate(record.authors, 1):
            truth = truth_of(author)  # type: ignore[operator]
            if truth is not None:
                result.truth[(key, position)] = truth
                result.block[(key, position)] = block_key(author.name)
            authors.append(AuthorRef(name=_strip_homonym(author.name), affiliations=author.affiliations))
        ids = record.ids.model_copy(update={"dblp": key})
        result.records.append(record.model_copy(update={"authors": authors, "ids": ids}))
    return result


_HOMONYM = re.compile(r"\s+\d{4}$")


def _strip_homonym(name: str) -> str:
    return _HOMONYM.sub("", name)


def block_key(name: str) -> str:
    """Surname and first initial: the block a name-based resolver compares within."""
    words = fold(_strip_homonym(name)).split()
    return f"{words[-1]} {words[0][:1]}" if words else ""


def dblp(data: Path) -> LabelledSet:
    """The DBLP excerpts; the truth is DBLP's person (its printed name, homonym number included)."""
    papers = extract(sorted((data / "dblp").rglob("*.xml"))).papers
    return _with_ids_removed("dblp", papers, lambda a: a.ids.dblp if a.ids and a.ids.dblp else a.name)


def openalex(data: Path) -> LabelledSet:
    """The OpenAlex works page; the truth is each author's OpenAlex id (authors without one are not scored)."""
    papers = extract(data / "openalex" / "works_page1_per25.json").papers
    return _with_ids_removed("openalex", papers, lambda a: a.ids.openalex if a.ids else None)


def semantic_scholar(data: Path) -> LabelledSet:
    """The Semantic Scholar responses; the truth is each author's S2 id (authors without one are not scored)."""
    papers = extract(sorted((data / "semantic-scholar").glob("*.json"))).papers
    return _with_ids_removed("semantic-scholar", papers, lambda a: a.ids.s2 if a.ids else None)


# --- weak labels: hep-th submitters ---------------------------------------------------------------------------------

_PAPER = re.compile(r"^Paper:\s*(\S+)", re.M)
_FROM = re.compile(r"^From:\s*(.+)$", re.M)


def hepth_submitters(data: Path) -> LabelledSet:
    """Weak labels from the hep-th abstracts: the submitter's e-mail (``From:``) is the person of the byline name
    it matches (exactly, else the one name with the same surname and first initial).

    The same e-mail is one person; two e-mails may still be one person (people move), so only recall is
    measured on this set (:attr:`LabelledSet.positive_only`).
    """
    folder = data / "snap-cit-HepTh" / "abstracts"
    submitter: dict[str, tuple[str, str]] = {}
    for archive in sorted(folder.glob("*.tar.gz")):
        with tarfile.open(archive) as bundle:
            for member in bundle:
                handle = bundle.extractfile(member) if member.isfile() else None
                if handle is None:
                    continue
                text = handle.read().decode("utf-8", "replace")
                paper, sender = _PAPER.search(text), _FROM.search(text)
                if paper and sender:
                    name, address = email.utils.parseaddr(sender[1])
                    if name and "@" in address:
                        submitter[paper[1].strip()] = (name, address.lower())
    result = LabelledSet("hepth-submitters", positive_only=True)
    for record in extract(folder).papers:
        arxiv = record.ids.arxiv or ""
        key = f"hepth/{arxiv}"
        result.records.append(record.model_copy(update={"ids": record.ids.model_copy(update={"dblp": key})}))
        found = submitter.get(arxiv)
        if found is None:
            continue
        position = _locate(found[0], [author.name for author in record.authors])
        if position is None:
            result.unlocated.append(f"{arxiv}: submitter {found[0]!r} not in the byline")
            continue
        result.truth[(key, position)] = found[1]
        result.block[(key, position)] = block_key(record.authors[position - 1].name)
    return result


def every_set(data: Path) -> Iterator[LabelledSet]:
    """Every labelled set, in the order the benchmark reports them."""
    yield aminer(data)
    yield dblp(data)
    yield openalex(data)
    yield semantic_scholar(data)
