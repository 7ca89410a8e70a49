"""Free-text author lists: names out of what authors typed into a header, and what is not a name.

Old arXiv ``.abs`` headers (and other hand-typed bylines) hold whatever the submitter wrote:
``S. James Gates, Jr. and Lubna Rana``, ``Sun, C.P.``, ``Jisuke Kubo, 11 pages, KANAZAWA-94-01``,
``M. Gasperini R. Ricci G. Veneziano``. :func:`split_author_list` reads such a line as the corpus writes it:

* items are separated by commas, semicolons, ``&`` and ``and`` (and its typos ``amd``, ``nd``, and ``und``);
  parenthesised and bracketed affiliations are dropped;
* a name suffix (``Jr.``, ``Sr.``, ``II``, ``III``, ``IV``) that stands as an item of its own belongs to the
  name before it (``S. James Gates, Jr.`` is one person, ``S. James Gates Jr.``);
* an item of initials alone after a lone surname is that person in catalogue order (``Sun, C.P.`` is
  ``C.P. Sun``);
* an item that is several initials-first names with no separator (``H. B. Nielsen D. A. Ryzhikh``) is split
  into them;
* text that is not a personal name — page counts, report numbers, ``LaTeX``, a university, a sentence — is
  never a name: a name is cut where such text starts (``A.V. Galajinsky. 12 p.`` is ``A.V. Galajinsky``), and
  what is cut away is returned in :attr:`AuthorList.rejected` for the extractor to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.core.names import NAME_SUFFIXES, SURNAME_PARTICLES
from graphkit.core.text import decode_tex

__all__ = ["AuthorList", "split_author_list"]

_SPACED_HYPHEN = re.compile(r"(?<=[\w.])\s*-{1,2}\s*(?=\w)|(?<=[\w.])\s+-{1,2}(?=\w)")
_LOWER_INITIAL = re.compile(r"^[a-z]\.? [A-Z]")
_OPENERS = {"(": ")", "[": "]"}
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\b(?:and|und|amd|nd)\b)\s*")
_INITIAL_TOKEN = re.compile(r"^(?:[A-Z][a-z]?\.)+-?(?:[A-Z]\.)*$|^[A-Z]$")
# The name parser's surname particles, and those free-text bylines add ("Ortega y Gasset", "Gerard 't Hooft").
_PARTICLES = SURNAME_PARTICLES | {"y", "zu", "do", "'t"}
# What submitters typed into the author header besides names. Format notes and revision notes, in any case;
# function words and page counts only in lower case ("Don N. Page" and the surname "No" are names).
_NOT_NAME_ANY_CASE = frozenset(
    {"latex", "tex", "revtex", "amstex", "uuencoded", "postscript", "comments", "section", "revised", "preprint",
     "e-mail", "email", "figures", "figs", "tables", "conclusions", "references"}
)  # fmt: skip
_NOT_NAME_LOWER = frozenset(
    {"pages", "page", "pp", "p", "in", "the", "of", "to", "no", "with", "for", "added", "change", "version",
     "submitted", "appear", "figure", "fig", "revision"}
)  # fmt: skip
# Words of an affiliation: the whole item is one, not a name ("Yale University").
_AFFILIATION_WORDS = frozenset(
    {"university", "univ", "universita", "universidad", "universitat", "institute", "institut", "instituto",
     "department", "dept", "laboratory", "laboratoire", "college", "school", "centre", "physics"}
)  # fmt: skip
_MAX_NAME_WORDS = 7


@dataclass
class AuthorList:
    """Names read from a free-text author list, and the items that are not personal names."""

    names: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def split_author_list(text: str) -> AuthorList:
    """Read the names of a free-text author list (see the module notes).

    Examples
    --------
    >>> split_author_list("Curtis G. Callan, Jr., Juan M. Maldacena and Amanda W. Peet (Princeton)").names
    ['Curtis G. Callan Jr.', 'Juan M. Maldacena', 'Amanda W. Peet']
    >>> result = split_author_list("Jisuke Kubo, 11 pages, KANAZAWA-94-01")
    >>> result.names, result.rejected
    (['Jisuke Kubo'], ['11 pages', 'KANAZAWA-94-01'])
    >>> split_author_list("Sun, C.P., M. Gasperini R. Ricci G. Veneziano").names
    ['C.P. Sun', 'M. Gasperini', 'R. Ricci', 'G. Veneziano']
    """
    text = decode_tex(" ".join(text.split())).replace("\\", " ")
    # Hyphens typed with spaces join the parts of one name ("J. -M. Chung", "Mir -- Kasimov", "Mu- in Park").
    text = _SPACED_HYPHEN.sub("-", text)
    text = _drop_bracketed(text)
    result = AuthorList()
    items = [" ".join(part.split()).strip(" .") if _is_bare(part) else " ".join(part.split())
             for part in _SEPARATORS.split(text)]  # fmt: skip
    for item in items:
        if not item or item.lower().rstrip(".") in {"et al", "et. al", "etal"}:
            continue
        suffix = NAME_SUFFIXES.get(item.lower().rstrip("."))
        if suffix is not None:
            if result.names and not result.names[-1].endswith(suffix):
                result.names[-1] = f"{result.names[-1]} {suffix}"
            continue
        if _is_initials(item) and result.names and _is_lone_surname(result.names[-1]):
            result.names[-1] = f"{item.strip()} {result.names[-1]}"
            continue
        name, rest = _cut_at_non_name(item)
        if rest:
            result.rejected.append(rest)
        if _LOWER_INITIAL.match(name):
            name = name[0].upper() + name[1:]  # a lower-case first initial ("a K Rebhan") is a typo
        for part in _split_run_on(name) if name else []:
            if len(part.split()) > _MAX_NAME_WORDS:
                result.rejected.append(part)
            else:
                result.names.append(part)
    return result


def _drop_bracketed(text: str) -> str:
    """``text`` with every bracketed part (``(Princeton)``, ``[hep-th]``, nested ones whole) replaced by a space,
    in one pass: linear however deep the brackets go. A closing bracket with no opening one is kept.

    Examples
    --------
    >>> _drop_bracketed("A. Peet (Princeton (NJ)) and B. Lee [MIT] )")
    'A. Peet   and B. Lee   )'
    """
    open_at: list[tuple[int, str]] = []  # position and closing bracket of each bracket still open
    still_open = {")": 0, "]": 0}
    spans: list[tuple[int, int]] = []  # outermost bracketed spans so far, in order
    for index, char in enumerate(text):
        if char in _OPENERS:
            open_at.append((index, _OPENERS[char]))
            still_open[_OPENERS[char]] += 1
        elif still_open.get(char):
            while open_at:  # brackets left open inside this pair close with it
                start, closer = open_at.pop()
                still_open[closer] -= 1
                if closer == char:
                    break
            while spans and spans[-1][0] > start:  # spans inside this one are now part of it
                spans.pop()
            spans.append((start, index + 1))
    if not spans:
        return text
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], " "]
        at = end
    return "".join([*pieces, text[at:]])


def _is_bare(part: str) -> bool:
    """A part that is only a suffix or stray dots (``Jr.``, ``.``): its dots are not part of a name."""
    return part.strip(" .").lower() in NAME_SUFFIXES or not part.strip(" .")


def _is_initials(item: str) -> bool:
    """Initials alone (``C.P.``, ``I. Ya.``): each with its dot, or single capitals."""
    return all(_INITIAL_TOKEN.match(word) for word in item.split())


def _is_lone_surname(name: str) -> bool:
    return len(name.split()) == 1 and name[:1].isupper() and not _INITIAL_TOKEN.match(name)


def _cut_at_non_name(item: str) -> tuple[str, str]:
    """Split ``item`` where text that is not a name starts: the name before (may be empty) and the rest."""
    words = item.split()
    if any(word.strip(".,:;").lower() in _AFFILIATION_WORDS for word in words):
        return "", item
    for index, word in enumerate(words):
        bare = word.strip(".,:;")
        if index and bare.lower() in _PARTICLES:
            continue
        if (
            any(ch.isdigit() for ch in word) or "@" in word or not word[:1].isalpha()
            or bare.lower() in _NOT_NAME_ANY_CASE or bare in _NOT_NAME_LOWER
        ):  # fmt: skip
            # What comes before is a name only if it is one whole (a first name or initials and a surname).
            name = " ".join(words[:index]).rstrip(" .")
            if len(name.split()) >= 2 and _looks_like_name(name):
                return name, " ".join(words[index:])
            return "", item
    return (item, "") if _looks_like_name(item) else ("", item)


def _looks_like_name(text: str) -> bool:
    """Capitalised words, initials and name particles only (a lower-case first letter is a typo we keep)."""
    words = text.split()
    if not words:
        return False
    letters = [w for w in words if w.lower() not in _PARTICLES]
    return bool(letters) and all(w[:1].isalpha() for w in letters) and any(w[:1].isupper() for w in letters)


def _split_run_on(name: str) -> list[str]:
    """Split several initials-first names typed without separators (``H. B. Nielsen D. A. Ryzhikh``)."""
    words = name.split()
    if len(words) < 4 or not _INITIAL_TOKEN.match(words[0]):
        return [name]
    names: list[list[str]] = [[]]
    seen_surname = False
    for word in words:
        is_initial = bool(_INITIAL_TOKEN.match(word))
        if is_initial and seen_surname:
            names.append([])
            seen_surname = False
        elif not is_initial and word.lower() not in _PARTICLES:
            seen_surname = True
        names[-1].append(word)
    # Every part must be initials, then a surname: otherwise the item is one long name.
    if len(names) < 2 or not all(_INITIAL_TOKEN.match(part[0]) and not _INITIAL_TOKEN.match(part[-1])
                                 for part in names):  # fmt: skip
        return [name]
    return [" ".join(part) for part in names]
