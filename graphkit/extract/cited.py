"""Cited references as bibliometric exports print them, parsed into the parts that identify a work.

Scopus prints ``Authors, Title (Year) Source, Volume (Issue), pp. first-last``: the year in brackets splits the
authors and title from the source; the first author is the first ``Surname, I.`` pair; the volume is the first
number after the source; a DOI is taken wherever one appears.

A Web of Science ``CR`` line reads ``Author, Year, SOURCE ABBREV, Vvol, Ppage, DOI 10.…`` with no title; parts
are left out when unknown (``BREAZEALE MA, COMMUNICATION``), the author may be ``[ANONYMOUS]`` or missing, a
source may hold commas of its own, and a DOI may be a bracketed list. The parts are read from both ends: the
author and the year from the front, the DOI, page and volume from the back, the source is what lies between.
"""

from __future__ import annotations

import re

from graphkit.core.ids import normalise_doi
from graphkit.core.models import CitedWork, PaperIds

__all__ = ["parse_scopus_reference", "parse_wos_reference"]

_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
# A volume or page holds a digit ("PRESS" is no page): V34, P1185, PS16, pS16, P e1002.
_VOLUME = re.compile(r"^[Vv]\s?(\S*\d\S*)$")
_PAGE = re.compile(r"^[Pp]\s?(\S*\d\S*)$")
_DOI = re.compile(r"^DOI\s+(?:DOI\s+)?\[?([^\],]+)")
_ANONYMOUS = {"[ANONYMOUS]", "ANONYMOUS", "[Anonymous]", "Anonymous"}


def parse_wos_reference(text: str) -> CitedWork:
    """The cited work one Web of Science cited reference describes (``text``: the reference as printed).

    Examples
    --------
    >>> r = parse_wos_reference("ALLEN PJ, 1966, AM J PHYS, V34, P1185, DOI 10.1119/1.1972585")
    >>> r.first_author, r.year, r.source, r.volume, r.page, r.ids.doi
    ('ALLEN PJ', 1966, 'AM J PHYS', '34', '1185', '10.1119/1.1972585')
    >>> r = parse_wos_reference("[ANONYMOUS], 1968, PHYS REV, V171, P1385")
    >>> r.first_author, r.year, r.source
    (None, 1968, 'PHYS REV')
    >>> parse_wos_reference("BREAZEALE MA, COMMUNICATION").source
    'COMMUNICATION'
    >>> parse_wos_reference("Smith J, 2001, NATURE, V1, DOI [10.1038/A1, 10.1038/B2]").ids.doi
    '10.1038/a1'
    """
    raw = " ".join(text.split())
    parts = [part.strip() for part in raw.split(", ")]
    found: dict[str, str | int | None] = {}
    doi: str | None = None
    if parts and not _YEAR.match(parts[0]):
        author = parts.pop(0)
        found["first_author"] = None if author in _ANONYMOUS else author
    if parts and _YEAR.match(parts[0]):
        found["year"] = int(parts.pop(0))
    # From the back: a DOI (possibly a bracketed list, spread over several parts), then the page and the volume.
    doi_at = next((i for i, part in enumerate(parts) if part.startswith("DOI ")), None)
    if doi_at is not None:
        printed = _DOI.match(parts[doi_at])
        if printed:
            doi = normalise_doi(printed[1].strip())
        parts = parts[:doi_at]
    if parts and (page := _PAGE.match(parts[-1])) and len(parts) > 1:
        found["page"] = page[1]
        parts.pop()
    if parts and (volume := _VOLUME.match(parts[-1])) and len(parts) > 1:
        found["volume"] = volume[1]
        parts.pop()
    if parts:
        found["source"] = ", ".join(parts)
    return CitedWork.model_validate({"text": raw, "ids": PaperIds(doi=doi), **found})


_SCOPUS_YEAR = re.compile(r"\((1[5-9]\d\d|20\d\d)[a-z]?\)")
_SCOPUS_INITIALS = re.compile(r"^(?:[A-Z][A-Za-z]?\.\s?-?)+$|^(?:Jr|Sr)\.?$")
_SCOPUS_VOLUME = re.compile(r"^([A-Z]?\d+[A-Z]?)(?:\s*\([^)]*\))?\.?$")
_SCOPUS_PAGES = re.compile(r"^pp?\.\s*([^\s,]+)")
_ANY_DOI = re.compile(r"10\.\d{4,9}/[^\s,;]+")


def parse_scopus_reference(text: str) -> CitedWork:
    """The cited work one Scopus reference describes.

    Examples
    --------
    >>> r = parse_scopus_reference("Oda, H., Tsukita, S., Dynamic behavior of adhesion (1998) Dev. Biol., 203, "
    ...                            "pp. 435-450")
    >>> r.first_author, r.year, r.source, r.volume, r.page
    ('Oda, H.', 1998, 'Dev. Biol.', '203', '435')
    >>> r = parse_scopus_reference("Tam, S.W., Pagano, M., (1994) Oncogene, 9, p. 2663")
    >>> r.first_author, r.year, r.source, r.volume, r.page
    ('Tam, S.W.', 1994, 'Oncogene', '9', '2663')
    >>> r = parse_scopus_reference("Bishop, J.M., (1996) Molecular Oncology, , New York: Scientific American, Inc")
    >>> r.first_author, r.source, r.volume
    ('Bishop, J.M.', 'Molecular Oncology', None)
    """
    raw = " ".join(text.split())
    found: dict[str, str | int | None] = {}
    year = _SCOPUS_YEAR.search(raw)
    head, rest = (raw[: year.start()], raw[year.end() :]) if year else (raw, "")
    if year:
        found["year"] = int(year[1])
    names = [part.strip() for part in head.split(",")]
    if len(names) > 1 and names[0] and _SCOPUS_INITIALS.match(names[1]):
        found["first_author"] = f"{names[0]}, {names[1]}"
    elif names and names[0] and len(names[0].split()) <= 3 and not any(c.isdigit() for c in names[0]) and year:
        found["first_author"] = names[0]
    parts = [part.strip() for part in rest.strip().split(",")]
    source: list[str] = []
    for index, part in enumerate(parts):
        volume = _SCOPUS_VOLUME.match(part)
        if volume and source:
            found["volume"] = volume[1]
            pages = next((_SCOPUS_PAGES.match(p) for p in parts[index + 1 :] if _SCOPUS_PAGES.match(p)), None)
            if pages:
                found["page"] = pages[1].split("-")[0]
            break
        if not part or _SCOPUS_PAGES.match(part):
            break
        source.append(part)
    if source:
        found["source"] = ", ".join(source)
    doi = _ANY_DOI.search(raw)
    return CitedWork.model_validate(
        {"text": raw, "ids": PaperIds(doi=normalise_doi(doi[0].rstrip(".")) if doi else None), **found}
    )
