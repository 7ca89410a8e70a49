"""Web of Science addresses (``C1``): each institution with the authors the record ties to it.

A ``C1`` line reads ``[Author; Author] Institution, Department, City, Country.`` where the export ties addresses
to authors (the names as in ``AF``), or just ``Institution, …, Country.`` where it does not (older records):
then the address belongs to the paper, not to anyone in particular. The institution is the first part, the
country the last (``USA`` after a state and postcode, or for a state and postcode alone, as older records print
American addresses: ``OAK RIDGE,TN 37830``; ``Peoples R China``).
"""

from __future__ import annotations

import re

from graphkit.core.models import StrictModel

__all__ = ["Address", "parse_wos_address"]

_TIED = re.compile(r"^\[([^\]]*)\]\s*(.*)$")
_US_STATE = re.compile(r"^[A-Z]{2}(?: \d{5}(?:-\d{4})?)? USA$|^[A-Z]{2} \d{5}(?:-\d{4})?$")


class Address(StrictModel):
    """One address of a record: who it is tied to (empty when the export does not say), where."""

    authors: list[str]
    institution: str
    country: str | None = None
    text: str


def parse_wos_address(line: str) -> Address:
    """The authors, institution and country of one ``C1`` line.

    Examples
    --------
    >>> a = parse_wos_address("[Bates, Eric R.; Nallamothu, Brahmajee K.] Univ Michigan, Ann Arbor, MI 48109 USA.")
    >>> a.authors, a.institution, a.country
    (['Bates, Eric R.', 'Nallamothu, Brahmajee K.'], 'Univ Michigan', 'USA')
    >>> a = parse_wos_address("UNIV TRONDHEIM,INST THEORET PHYS,N-7034 TRONDHEIM,NORWAY.")
    >>> a.authors, a.institution, a.country
    ([], 'UNIV TRONDHEIM', 'NORWAY')
    >>> parse_wos_address("OAK RIDGE NATL LAB,OAK RIDGE,TN 37830.").country
    'USA'
    """
    text = " ".join(line.split())
    tied = _TIED.match(text)
    authors = [name.strip() for name in tied[1].split(";") if name.strip()] if tied else []
    place = (tied[2] if tied else text).rstrip(".").strip()
    parts = [part.strip() for part in place.split(",") if part.strip()]
    country = parts[-1] if len(parts) > 1 else None
    if country and _US_STATE.match(country):
        country = "USA"
    return Address(authors=authors, institution=parts[0] if parts else place, country=country, text=text)
