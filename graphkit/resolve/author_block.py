"""The mentions of one name block with their context, and the evidence every pair of them carries.

A *block* is every mention that could be one person by name: the mentions of one candidate component of
:mod:`graphkit.resolve.bulk_authors` (a surname and first initial, with every spelling and id joined to it).
Each mention brings what its record says around the name: the coauthors, title, abstract, venue, year,
categories and topics, and the author's affiliations. :func:`pair_features` turns a block into one row of
numbers per pair of mentions, the input of :mod:`graphkit.resolve.author_model`.

Every statistic is computed **within the block** (how rare a coauthor, a venue or a title word is among the
block's mentions, how often the spelling occurs): the block holds every mention of its names in the corpus,
so these are corpus statistics of the name, and an incremental build that re-resolves a block from its own
records computes exactly what a full build does.

Missing context is ``NaN``, never 0: a pair where one side has no affiliation is not a pair whose
affiliations differ.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graphkit.core.names import PersonName, is_initial
from graphkit.core.text import fold

__all__ = ["FEATURES", "TOKEN_KINDS", "AuthorBlock", "BlockMention", "pair_features", "pair_indices", "tokens"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class BlockMention:
    """One byline name with its record's context (everything optional but the name)."""

    label: str
    parsed: PersonName
    #: The resolved paper (mentions of one paper from two sources share it) and the record it was read from.
    paper: int = -1
    record: int = -1
    #: For a profile page's owner (not a byline name): the record the page listed, and the source file.
    listing: int = -1
    source: int = -1
    coauthors: list[str] = field(default_factory=list)
    title: str = ""
    abstract: str = ""
    venue: str = ""
    year: int | None = None
    topics: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    #: How common the name is in the whole corpus: distinct first names seen with the surname, and distinct
    #: surnames seen with the first name (None for an initial). "Wang" and "Lei" score high, "Mazzola" low.
    surname_variety: int = 0
    given_variety: int | None = None
    #: The context as token sets (:func:`tokens`), filled on first use; a pooled group's is its members' union.
    cache: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class AuthorBlock:
    """The mentions of one block, in mention order."""

    mentions: list[BlockMention]

    def __len__(self) -> int:
        return len(self.mentions)


FEATURES = (
    "coauthors_shared",
    "coauthors_shared_rarity",
    "coauthors_jaccard",
    "coauthor_blocks_shared",
    "venue_same",
    "venue_rarity",
    "venue_words_cosine",
    "title_cosine",
    "title_shared_rarity",
    "abstract_cosine",
    "affiliation_cosine",
    "affiliation_rarity",
    "topics_jaccard",
    "year_gap",
    "same_spelling",
    "full_first_names",
    "middle_names_agree",
    "spelling_share",
    "block_size",
    "surname_variety",
    "given_variety",
)
"""The pair features, in column order (see :func:`pair_features`)."""

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an and are as at based by for from in into is of on or over the their to towards using via with within "
    "without new study analysis approach method methods results paper".split()
)


def _plain(text: str) -> str:
    # Lower case without accents; cheaper than fold (no TeX decoding: a stray "mathbb" is one more rare word).
    if text.isascii():
        return text.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _title_words(text: str) -> list[str]:
    # Words cut to six letters: a crude stem that meets "learning"/"learned" and "networks"/"network".
    return [w[:6] for w in _WORD.findall(_plain(text)) if len(w) > 2 and w not in _STOPWORDS]


def _affiliation_words(text: str) -> list[str]:
    # Three letters: affiliations are abbreviated at will ("Univ. of Sci. & Technol." = "University of Science
    # and Technology"), and the shortest common abbreviations ("Sci.", "Inst.") keep three.
    return [w[:3] for w in _WORD.findall(_plain(text)) if len(w) > 1 and w not in _STOPWORDS]


def _block_key(name: str) -> str:
    words = fold(name).split()
    return f"{words[-1]} {words[0][:1]}" if words else ""


def tokens(mention: BlockMention) -> dict[str, frozenset[str]]:
    """The mention's context as token sets, computed once per mention (see :data:`TOKEN_KINDS`)."""
    found = mention.cache
    if not found:
        found["coauthors"] = frozenset(fold(c) for c in mention.coauthors)
        found["coauthor_blocks"] = frozenset(_block_key(c) for c in mention.coauthors) - {""}
        found["venue"] = frozenset([fold(mention.venue)] if mention.venue else [])
        found["venue_words"] = frozenset(_title_words(mention.venue))
        found["title"] = frozenset(_title_words(mention.title))
        found["abstract"] = frozenset(_title_words(mention.abstract))
        found["affiliations"] = frozenset(w for a in mention.affiliations for w in _affiliation_words(a))
        found["topics"] = frozenset(mention.topics)
    return found


TOKEN_KINDS = ("coauthors", "coauthor_blocks", "venue", "venue_words", "title", "abstract", "affiliations", "topics")
"""The kinds of context token a mention has."""

SMALL_BLOCK = 48
"""Blocks up to this many mentions compare token sets pair by pair; larger ones multiply sparse matrices (the
same numbers: tested). Most blocks are a handful of mentions, where building sparse matrices costs far more."""


class _Tokens:
    """One kind of token over a block's mentions: sets per mention, block frequency per token, pair overlaps."""

    def __init__(self, sets: Sequence[frozenset[str]], i: IntArray, j: IntArray) -> None:
        self.sets = sets
        self.i, self.j = i, j
        self.n = len(sets)
        self.count: FloatArray = np.array([len(s) for s in sets], dtype=np.float64)
        self.present = self.count > 0
        self.small = self.n <= SMALL_BLOCK
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for row, items in enumerate(sets):
            for token in sorted(items):  # a set's order changes with the process's hash seed; sums must not
                rows.append(row)
                cols.append(vocabulary.setdefault(token, len(vocabulary)))
        self.vocabulary = vocabulary
        width = max(len(vocabulary), 1)
        self.frequency: FloatArray = np.maximum(np.bincount(cols, minlength=width).astype(np.float64), 1)
        if not self.small:
            self.matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n, width))

    def shared(self, weights: FloatArray | None = None) -> FloatArray:
        """Per pair: the tokens both mentions have (summed ``weights`` per token when given)."""
        if self.small:
            sets, code = self.sets, self.vocabulary
            if weights is None:
                return np.array([len(sets[a] & sets[b]) for a, b in zip(self.i, self.j, strict=True)], dtype=float)
            # fsum: exactly rounded whatever the order a set gives its tokens in, so features (and the model
            # trained on them) are the same in every process.
            return np.array(
                [math.fsum(weights[code[t]] for t in sets[a] & sets[b]) for a, b in zip(self.i, self.j, strict=True)],
                dtype=np.float64,
            )
        left = self.matrix if weights is None else self.matrix @ sp.diags(weights)
        return np.asarray((left @ self.matrix.T)[self.i, self.j]).ravel()

    def cosine(self) -> FloatArray:
        """Per pair: cosine of the rarity-weighted (idf) token vectors."""
        idf = np.log((self.n + 1) / (self.frequency + 1)) + 1
        squared = idf * idf
        if self.small:
            code = self.vocabulary
            norms = np.sqrt([math.fsum(squared[code[t]] for t in s) for s in self.sets])
            dots = self.shared(squared)
        else:
            dots = self.shared(squared)
            norms = np.sqrt(np.asarray(self.matrix @ squared).ravel())
        norms = np.where(norms == 0, 1.0, norms)
        return np.asarray(dots / (norms[self.i] * norms[self.j]), dtype=np.float64)

    def both_present(self) -> npt.NDArray[np.bool_]:
        return np.asarray(self.present[self.i] & self.present[self.j])


def pair_indices(size: int) -> tuple[IntArray, IntArray]:
    """Every pair ``i < j`` of a block of ``size`` mentions, in the order of a condensed distance matrix."""
    i, j = np.triu_indices(size, k=1)
    return i.astype(np.int64), j.astype(np.int64)


def _masked(values: FloatArray, mask: npt.NDArray[np.bool_]) -> FloatArray:
    return np.where(mask, values, np.nan)


def pair_features(block: AuthorBlock) -> FloatArray:
    """One row of :data:`FEATURES` per pair of the block's mentions (pairs in :func:`pair_indices` order).

    Examples
    --------
    >>> from graphkit.core.names import parse_name
    >>> def mention(name, coauthors, venue):
    ...     return BlockMention(name, parse_name(name), coauthors=coauthors, venue=venue, year=2020)
    >>> block = AuthorBlock([mention("Lei Wang", ["Ann Lee"], "KDD"), mention("Lei Wang", ["Ann Lee"], "KDD"),
    ...                      mention("L. Wang", ["Bo Chen"], "")])
    >>> rows = pair_features(block)
    >>> rows.shape, float(rows[0, FEATURES.index("coauthors_shared")]), float(rows[1, FEATURES.index("venue_same")])
    ((3, 21), 1.0, nan)
    """
    mentions = block.mentions
    n = len(mentions)
    i, j = pair_indices(n)
    columns: dict[str, FloatArray] = {}

    kinds = {kind: _Tokens([tokens(m)[kind] for m in mentions], i, j) for kind in TOKEN_KINDS}
    coauthors = kinds["coauthors"]
    shared = coauthors.shared()
    columns["coauthors_shared"] = shared
    columns["coauthors_shared_rarity"] = coauthors.shared(1 / np.log(2 + coauthors.frequency))
    union = coauthors.count[i] + coauthors.count[j] - shared
    columns["coauthors_jaccard"] = _masked(shared / np.maximum(union, 1), coauthors.both_present())
    columns["coauthor_blocks_shared"] = kinds["coauthor_blocks"].shared()

    venues = kinds["venue"]
    venue_present = venues.both_present()
    columns["venue_same"] = _masked(venues.shared(), venue_present)
    columns["venue_rarity"] = _masked(venues.shared(np.log(n / venues.frequency)), venue_present)
    venue_words = kinds["venue_words"]
    columns["venue_words_cosine"] = _masked(venue_words.cosine(), venue_words.both_present())

    titles = kinds["title"]
    columns["title_cosine"] = _masked(titles.cosine(), titles.both_present())
    columns["title_shared_rarity"] = titles.shared(np.log(n / titles.frequency))
    abstracts = kinds["abstract"]
    columns["abstract_cosine"] = _masked(abstracts.cosine(), abstracts.both_present())

    affiliations = kinds["affiliations"]
    present = affiliations.both_present()
    columns["affiliation_cosine"] = _masked(affiliations.cosine(), present)
    columns["affiliation_rarity"] = _masked(affiliations.shared(np.log(n / affiliations.frequency)), present)

    topics = kinds["topics"]
    shared_topics = topics.shared()
    topic_union = topics.count[i] + topics.count[j] - shared_topics
    columns["topics_jaccard"] = _masked(shared_topics / np.maximum(topic_union, 1), topics.both_present())

    years = np.array([np.nan if m.year is None else m.year for m in mentions], dtype=np.float64)
    columns["year_gap"] = np.abs(years[i] - years[j])

    keys = [m.parsed.key for m in mentions]
    spelling_code = {key: code for code, key in enumerate(dict.fromkeys(keys))}
    codes = np.array([spelling_code[k] for k in keys], dtype=np.int64)
    columns["same_spelling"] = (codes[i] == codes[j]).astype(np.float64)
    full = np.array([bool(m.parsed.given) and not is_initial(m.parsed.given[0]) for m in mentions])
    first = [m.parsed.given[0].replace("-", "") if m.parsed.given else "" for m in mentions]
    first_code = {name: code for code, name in enumerate(dict.fromkeys(first))}
    first_codes = np.array([first_code[f] for f in first], dtype=np.int64)
    columns["full_first_names"] = np.where(full[i] & full[j], (first_codes[i] == first_codes[j]).astype(float), np.nan)
    middles = [_middle_initials(m.parsed) for m in mentions]
    middle_code = {name: code for code, name in enumerate(dict.fromkeys(middles))}
    middle_codes = np.array([middle_code[m] for m in middles], dtype=np.int64)
    has_middle = np.array([bool(m) for m in middles])
    columns["middle_names_agree"] = _masked(
        (middle_codes[i] == middle_codes[j]).astype(np.float64), has_middle[i] & has_middle[j]
    )
    spelling_count = np.bincount(codes).astype(np.float64)
    columns["spelling_share"] = np.minimum(spelling_count[codes[i]], spelling_count[codes[j]]) / n
    columns["block_size"] = np.full(len(i), math.log(n))
    surname_variety = np.log1p(np.array([m.surname_variety for m in mentions], dtype=np.float64))
    columns["surname_variety"] = np.maximum(surname_variety[i], surname_variety[j])
    given = np.array([np.nan if m.given_variety is None else m.given_variety for m in mentions], dtype=np.float64)
    columns["given_variety"] = np.fmax(np.log1p(given[i]), np.log1p(given[j]))
    return np.column_stack([columns[name] for name in FEATURES]) if len(i) else np.empty((0, len(FEATURES)))


def _middle_initials(name: PersonName) -> str:
    return "".join(part[0] for part in name.given[1:])
