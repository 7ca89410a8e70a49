"""Identifier normalisation: arXiv, DOI, OpenAlex, Semantic Scholar, DBLP, ORCID and ROR.

Every extractor passes ids through these functions, so that the same paper or person from two
sources carries byte-identical ids and resolution can match them exactly. Each function returns
``None`` for a value that is not a valid id of its kind, rather than guessing.
"""

from __future__ import annotations

import re

__all__ = [
    "normalise_arxiv",
    "normalise_doi",
    "normalise_openalex",
    "normalise_orcid",
    "normalise_ror",
    "normalise_s2",
]

_NEW_ARXIV = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")
_OLD_ARXIV = re.compile(r"([a-z][a-z\-]*(?:\.[A-Z]{2})?)/(\d{7})(?:v\d+)?")
_ARXIV_PREFIX = re.compile(r"^(?:https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_OPENALEX = re.compile(r"(?:https?://openalex\.org/)?([WAISCTPF]\d+)", re.IGNORECASE)
_ORCID = re.compile(r"(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)
_ROR = re.compile(r"(?:https?://ror\.org/)?(0[a-z0-9]{6}\d{2})", re.IGNORECASE)


def normalise_arxiv(value: str | None) -> str | None:
    """An arXiv id without version or prefix: ``2106.09685``, ``hep-th/0002031``.

    Old-style ids keep their archive and drop any subject class (``math.GT/0309136`` →
    ``math/0309136``), as arXiv itself does.

    Examples
    --------
    >>> normalise_arxiv("http://arxiv.org/abs/2106.09685v2"), normalise_arxiv("arXiv:hep-th/0002031v1")
    ('2106.09685', 'hep-th/0002031')
    >>> normalise_arxiv("math.GT/0309136"), normalise_arxiv("not an id")
    ('math/0309136', None)
    """
    if not value:
        return None
    text = _ARXIV_PREFIX.sub("", value.strip())
    if text.endswith(".pdf"):
        text = text[:-4]
    match = _NEW_ARXIV.fullmatch(text)
    if match:
        return match[1]
    match = _OLD_ARXIV.fullmatch(text)
    if match:
        return f"{match[1].split('.')[0]}/{match[2]}"
    return None


def normalise_doi(value: str | None) -> str | None:
    """A lower-case DOI without resolver prefix: ``10.1103/physrevd.76.013009``.

    Examples
    --------
    >>> normalise_doi("https://doi.org/10.1103/PhysRevD.76.013009"), normalise_doi("doi:10.1000/X"), normalise_doi("x")
    ('10.1103/physrevd.76.013009', '10.1000/x', None)
    """
    if not value:
        return None
    text = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    match = _DOI.fullmatch(text.strip())
    return match[0].lower().rstrip(".") if match else None


def normalise_openalex(value: str | None) -> str | None:
    """An OpenAlex id without URL: ``W2741809807``, ``A5056911622``, ``I136199984``.

    Examples
    --------
    >>> normalise_openalex("https://openalex.org/W2741809807"), normalise_openalex("w12")
    ('W2741809807', 'W12')
    """
    if not value:
        return None
    match = _OPENALEX.fullmatch(value.strip())
    return match[1].upper() if match else None


def normalise_orcid(value: str | None) -> str | None:
    """An ORCID iD without URL, checked with its ISO 7064 mod 11-2 check digit.

    Examples
    --------
    >>> normalise_orcid("https://orcid.org/0000-0002-1825-0097"), normalise_orcid("0000-0002-1825-0098")
    ('0000-0002-1825-0097', None)
    """
    if not value:
        return None
    match = _ORCID.fullmatch(value.strip())
    if match is None:
        return None
    orcid = match[1].upper()
    digits = orcid.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return orcid if digits[-1] == ("X" if check == 10 else str(check)) else None


def normalise_ror(value: str | None) -> str | None:
    """A ROR id as its canonical URL: ``https://ror.org/03vek6s52``.

    Examples
    --------
    >>> normalise_ror("03vek6s52"), normalise_ror("https://ror.org/03VEK6S52")
    ('https://ror.org/03vek6s52', 'https://ror.org/03vek6s52')
    """
    if not value:
        return None
    match = _ROR.fullmatch(value.strip())
    return f"https://ror.org/{match[1].lower()}" if match else None


def normalise_s2(value: str | int | None) -> str | None:
    """A Semantic Scholar paper id (40 hex characters) or author id (digits), as a string.

    Examples
    --------
    >>> normalise_s2("2D5673CAA9E6AF3A7B82A43F19EE920992DB07AD"), normalise_s2(2262347)
    ('2d5673caa9e6af3a7b82a43f19ee920992db07ad', '2262347')
    """
    if value is None:
        return None
    text = str(value).strip().lower()
    return text if re.fullmatch(r"[0-9a-f]{40}|\d+", text) else None
