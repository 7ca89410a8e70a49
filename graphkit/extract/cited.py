"""Cited references as bibliometric exports print them, parsed into the parts that identify a work.

A Web of Science ``CR`` line reads ``Author, Year, SOURCE ABBREV, Vvol, Ppage, DOI 10.…`` with no title; parts
are left out when unknown (``BREAZEALE MA, COMMUNICATION``), the author may be ``[ANONYMOUS]`` or missing, a
source may hold commas of its own, and a DOI may be a bracketed list. The parts are read from both ends: the
author and the year from the front, the DOI, page and volume from the back, the source is what lies between.
"""

from __future__ import annotations

import re

from graphkit.core.models import StrictModel

__all__ = ["CitedReference", "parse_wos_reference"]

_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_VOLUME = re.compile(r"^V\s?(\S.*)$")
_PAGE = re.compile(r"^P\s?(\S.*)$")
_DOI = re.compile(r"^DOI\s+\[?([^\],]+)")
_ANONYMOUS = {"[ANONYMOUS]", "ANONYMOUS", "[Anonymous]", "Anonymous"}


class CitedReference(StrictModel):
    """One cited work as the citing record names it (``raw``: the text as printed)."""

    raw: str
    first_author: str | None = None
    year: int | None = None
    source: str | None = None
    volume: str | None = None
    page: str | None = None
    doi: str | None = None


def parse_wos_reference(text: str) -> CitedReference:
    """The parts of one Web of Science cited reference.

    Examples
    --------
    >>> r = parse_wos_reference("ALLEN PJ, 1966, AM J PHYS, V34, P1185, DOI 10.1119/1.1972585")
    >>> r.first_author, r.year, r.source, r.volume, r.page, r.doi
    ('ALLEN PJ', 1966, 'AM J PHYS', '34', '1185', '10.1119/1.1972585')
    >>> r = parse_wos_reference("[ANONYMOUS], 1968, PHYS REV, V171, P1385")
    >>> r.first_author, r.year, r.source
    (None, 1968, 'PHYS REV')
    >>> parse_wos_reference("BREAZEALE MA, COMMUNICATION").source
    'COMMUNICATION'
    >>> parse_wos_reference("Smith J, 2001, NATURE, V1, DOI [10.1/A, 10.1/B]").doi
    '10.1/a'
    """
    raw = " ".join(text.split())
    parts = [part.strip() for part in raw.split(", ")]
    found: dict[str, str | int | None] = {}
    if parts and not _YEAR.match(parts[0]):
        author = parts.pop(0)
        found["first_author"] = None if author in _ANONYMOUS else author
    if parts and _YEAR.match(parts[0]):
        found["year"] = int(parts.pop(0))
    # From the back: a DOI (possibly a bracketed list, spread over several parts), then the page and the volume.
    doi_at = next((i for i, part in enumerate(parts) if part.startswith("DOI ")), None)
    if doi_at is not None:
        doi = _DOI.match(parts[doi_at])
        if doi:
            found["doi"] = doi[1].strip().lower()
        parts = parts[:doi_at]
    if parts and (page := _PAGE.match(parts[-1])) and len(parts) > 1:
        found["page"] = page[1]
        parts.pop()
    if parts and (volume := _VOLUME.match(parts[-1])) and len(parts) > 1:
        found["volume"] = volume[1]
        parts.pop()
    if parts:
        found["source"] = ", ".join(parts)
    return CitedReference.model_validate({"raw": raw, **found})
