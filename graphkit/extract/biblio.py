"""Fields the bibliometric exports (Web of Science, Scopus, MEDLINE) share: dates, page ranges, keyword lists and
their native ids, each read the same way whichever export prints it."""

from __future__ import annotations

import datetime as dt
import re

from graphkit.core.models import DatePrecision

__all__ = ["institution_of", "keyword_list", "page_range", "publication_date", "scopus_eid", "wos_accession"]

_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
_SEASONS = {"SPR": 3, "SUM": 6, "FAL": 9, "AUT": 9, "WIN": 12}
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")
_EID = re.compile(r"2-s2\.0-\d+")


def publication_date(year: str | None, month: str | None = None) -> tuple[dt.date | None, DatePrecision | None]:
    """A date and its precision from a year and an optional month-and-day text, as the exports print them.

    ``month`` may be ``JUN``, ``JUN 15``, ``2015 Nov 3``, ``Nov-Dec`` (the first month counts) or a season; a year
    in it is used when ``year`` is missing.

    Examples
    --------
    >>> publication_date("1984", "JUN 15"), publication_date("2015", "2015 Nov-Dec")
    ((datetime.date(1984, 6, 15), 'day'), (datetime.date(2015, 11, 1), 'month'))
    >>> publication_date(None, "2016"), publication_date("n.d.")
    ((datetime.date(2016, 1, 1), 'year'), (None, None))
    """
    found = _YEAR.search(year or "") or _YEAR.search(month or "")
    if found is None:
        return None, None
    number = int(found[1])
    words = re.findall(r"[A-Za-z]+|\d+", (month or "").upper())
    words = [w for w in words if w != found[1]]
    month_number = next((_MONTHS.get(w[:3]) or _SEASONS.get(w[:3]) for w in words if w.isalpha()), None)
    if not month_number:
        return dt.date(number, 1, 1), "year"
    after = words[words.index(next(w for w in words if w.isalpha())) + 1 :]
    day = int(after[0]) if after and after[0].isdigit() else None
    if day is not None:
        try:
            return dt.date(number, month_number, day), "day"
        except ValueError:
            pass
    return dt.date(number, month_number, 1), "month"


_INSTITUTION_WORDS = re.compile(
    r"\b(?:univ\w*|universit\w*|institut\w*|inst|academy|acad|hospital|hosp|clinic\w*|"
    r"laborator\w*|lab|centre|center|ctr|council|foundation|inc|ltd|gmbh|corporation|corp|company|co|agency|"
    r"ministry|observatory|museum|polytechnic|ecole|hochschule|cnrs|inserm|nih|nasa|cern)\b",
    re.IGNORECASE,
)
_SCHOOL_WORDS = re.compile(r"\b(?:college|coll|school|faculty)\b", re.IGNORECASE)
# Starting only where a word starts, so that a long run of text with no @ is scanned once, not once per character.
_EMAIL = re.compile(r"(?:Electronic address:\s*)?(?<!\S)[^\s@]+@\S+", re.IGNORECASE)
_US_POSTCODE = re.compile(r"^[A-Z]{2} \d{5}(?:-\d{4})?$")


def institution_of(address: str) -> tuple[str, str | None] | None:
    """The institution and country of a free-text affiliation (Scopus, MEDLINE ``AD``).

    The institution is the first comma-separated part that names one (a university, institute, hospital,
    laboratory, company …; the department before it is left out), else the first that names a school, college or
    faculty, else the first part; the country is the last
    part (``USA`` for a state and postcode). E-mail addresses are dropped.

    Examples
    --------
    >>> institution_of("Department of Genetics, Faculty of Biology, University of Lodz, Poland. Electronic address: "
    ...                "m@uni.lodz.pl.")
    ('University of Lodz', 'Poland')
    >>> institution_of("Sophia University, Tokyo, Japan"), institution_of("Dept Surg, Boston, MA 02115")
    (('Sophia University', 'Japan'), ('Dept Surg', 'USA'))
    >>> institution_of("School of Social Work, Marywood College, Scranton, PA, United States")
    ('School of Social Work', 'USA')
    """
    text = " ".join(address.split())
    if "@" in text:
        text = _EMAIL.sub("", text)
    text = text.strip().rstrip(".").strip()
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return None
    named = next(
        (part for part in parts if _INSTITUTION_WORDS.search(part)),
        next((part for part in parts if _SCHOOL_WORDS.search(part)), parts[0]),
    )
    country = parts[-1] if len(parts) > 1 else None
    if country and (_US_POSTCODE.match(country) or country in ("United States", "USA", "U.S.A.")):
        country = "USA"
    if country and any(char.isdigit() for char in country):
        country = None
    return named, country


def page_range(begin: str | None, end: str | None = None, article: str | None = None) -> str | None:
    """A page range from first and last page (``1185-1190``), else the article number.

    Examples
    --------
    >>> page_range("1185", "1190"), page_range("12", None), page_range(None, None, "034001")
    ('1185-1190', '12', '034001')
    """
    begin, end = (begin or "").strip(), (end or "").strip()
    if begin:
        return f"{begin}-{end}" if end and end != begin else begin
    return (article or "").strip() or None


def keyword_list(text: str | None) -> list[str]:
    """The keywords of a ``; ``-separated list, in order, blanks and repeats dropped.

    Examples
    --------
    >>> keyword_list("complex bending; SMES;  ; SMES; strain distribution")
    ['complex bending', 'SMES', 'strain distribution']
    """
    if not text:
        return []
    return list(dict.fromkeys(" ".join(word.split()) for word in text.split(";") if word.strip()))


def wos_accession(value: str | None) -> str | None:
    """A Web of Science accession number without its prefix (``WOS:000381520600003`` → ``000381520600003``).

    Examples
    --------
    >>> wos_accession("WOS:000381520600003"), wos_accession("ISI:A1984TB64700001"), wos_accession("x y")
    ('000381520600003', 'A1984TB64700001', None)
    """
    if not value:
        return None
    text = value.strip().upper()
    for prefix in ("WOS:", "ISI:"):
        text = text.removeprefix(prefix)
    return text if re.fullmatch(r"[0-9A-Z]{8,20}", text) else None


def scopus_eid(value: str | None) -> str | None:
    """A Scopus EID (``2-s2.0-84963944162``) from the EID column or a Scopus link.

    Examples
    --------
    >>> scopus_eid("https://www.scopus.com/inward/record.uri?eid=2-s2.0-84963944162&partnerID=40")
    '2-s2.0-84963944162'
    """
    found = _EID.search(value or "")
    return found[0] if found else None
