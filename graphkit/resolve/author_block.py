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

__all__ = [
    "FEATURES", "TOKEN_KINDS", "AuthorBlock", "BlockMention", "chunks", "many_pair_features", "pair_features",
    "pair_indices", "shared_token_counts", "tokens",
]  # fmt: skip

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
_LONG_WORD = re.compile(r"[a-z0-9]{3,}")
_STOPWORDS = frozenset(
    "a an and are as at based by for from in into is of on or over the their to towards using via with within "
    "without new study analysis approach method methods results paper".split()
)


def _plain(text: str) -> str:
    # Lower case without accents; cheaper than fold (no TeX decoding: a stray "mathbb" is one more rare word).
    if text.isascii():
        return text.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _title_words(text: str) -> set[str]:
    # Words of three letters or more cut to six: a crude stem that meets "learning"/"learned" and
    # "networks"/"network" (stop words are dropped whole, before the cut).
    return {w[:6] for w in set(_LONG_WORD.findall(_plain(text))) - _STOPWORDS}


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


class _Tokens:
    """One kind of token over the mentions of several blocks: a sparse mention x token matrix whose columns are
    (block, token), so that products never cross blocks and a token's column frequency is its block frequency.

    Columns are numbered by block, then by token in sorted order, and every sum runs over them in that order:
    the features of a block are the same bits whether it is scored alone or in a batch, and whatever order the
    process's hash seed gives a set.
    """

    def __init__(self, sets: Sequence[frozenset[str]], starts: IntArray, i: IntArray, j: IntArray) -> None:
        self.i, self.j = i, j
        self.n = len(sets)
        # For each mention: where its block starts, its block's size, and where the block's pairs start.
        block_sizes = np.diff(starts)
        pair_starts = np.concatenate([[0], np.cumsum(block_sizes * (block_sizes - 1) // 2)[:-1]]).astype(np.int64)
        self.row_start = np.repeat(starts[:-1], block_sizes)
        self.row_size = np.repeat(block_sizes, block_sizes)
        self.row_offset = np.repeat(pair_starts, block_sizes)
        self.count: FloatArray = np.array([len(items) for items in sets], dtype=np.float64)
        self.present = self.count > 0
        rows = np.repeat(np.arange(self.n, dtype=np.int64), self.count.astype(np.int64))
        words = [token for items in sets for token in items]
        if words:
            # Rank each token in sorted order, then number the (block, token) pairs in that order.
            vocabulary, token_rank = np.unique(np.array(words, dtype=object).astype(str), return_inverse=True)
            block_of = np.searchsorted(starts, rows, side="right") - 1
            columns, cols = np.unique(block_of * len(vocabulary) + token_rank.ravel(), return_inverse=True)
            cols = cols.ravel()
            sizes = np.diff(starts)[columns // len(vocabulary)]
        else:
            cols, sizes = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        width = max(len(sizes), 1)
        self.matrix = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n, width))
        self.matrix.sort_indices()
        self.frequency: FloatArray = np.maximum(np.bincount(cols, minlength=width).astype(np.float64), 1)
        self.size: FloatArray = np.asarray(sizes if len(sizes) else [1], dtype=np.float64)

    def shared(self, weights: FloatArray | None = None) -> FloatArray:
        """Per pair: the tokens both mentions have (summed ``weights`` per token when given)."""
        result = np.zeros(len(self.i), dtype=np.float64)
        if not len(self.i):
            return result
        left = self.matrix if weights is None else self.matrix @ sp.diags(weights)
        # Only pairs that share a token have an entry: put each where its pair is in the condensed order.
        product = sp.triu(left @ self.matrix.T, k=1).tocoo()
        row, col = product.row.astype(np.int64), product.col.astype(np.int64)
        start, n = self.row_start[row], self.row_size[row]
        a, b = row - start, col - start
        result[self.row_offset[row] + n * a - a * (a + 1) // 2 + (b - a - 1)] = product.data
        return result

    def cosine(self) -> FloatArray:
        """Per pair: cosine of the rarity-weighted (idf) token vectors."""
        idf = np.log((self.size + 1) / (self.frequency + 1)) + 1
        squared = idf * idf
        dots = self.shared(squared)
        norms = np.sqrt(np.asarray(self.matrix @ squared).ravel())
        norms = np.where(norms == 0, 1.0, norms)
        return np.asarray(dots / (norms[self.i] * norms[self.j]), dtype=np.float64)

    def rarity(self) -> FloatArray:
        """Per column: ``log(block size / frequency)``, the weight of a shared rare token."""
        return np.asarray(np.log(self.size / self.frequency), dtype=np.float64)

    def both_present(self) -> npt.NDArray[np.bool_]:
        return np.asarray(self.present[self.i] & self.present[self.j])


SMALL_BLOCK = 48
"""A block scored alone (:func:`pair_features`) with at most this many mentions compares token sets pair by pair,
which for a handful of mentions costs far less than building sparse matrices (the same numbers to 1e-12: tested)."""


class _SmallTokens:
    """One kind of token over one small block's mentions: per-pair set arithmetic, exactly rounded sums."""

    def __init__(self, sets: Sequence[frozenset[str]], i: IntArray, j: IntArray) -> None:
        self.sets, self.i, self.j = sets, i, j
        self.count: FloatArray = np.array([len(s) for s in sets], dtype=np.float64)
        self.present = self.count > 0
        code: dict[str, int] = {}
        for items in sets:
            for token in sorted(items):
                code.setdefault(token, len(code))
        self.code = code
        seen = [code[t] for items in sets for t in items]
        self.frequency: FloatArray = np.maximum(np.bincount(seen, minlength=max(len(code), 1)), 1).astype(np.float64)
        self.size = float(len(sets))

    def shared(self, weights: FloatArray | None = None) -> FloatArray:
        sets, code = self.sets, self.code
        if weights is None:
            return np.array([len(sets[a] & sets[b]) for a, b in zip(self.i, self.j, strict=True)], dtype=np.float64)
        # fsum: exactly rounded whatever order a set gives its tokens in (the hash seed), so features are the
        # same in every process.
        return np.array(
            [math.fsum(weights[code[t]] for t in sets[a] & sets[b]) for a, b in zip(self.i, self.j, strict=True)],
            dtype=np.float64,
        )

    def cosine(self) -> FloatArray:
        idf = np.log((self.size + 1) / (self.frequency + 1)) + 1
        squared = idf * idf
        norms = np.sqrt([math.fsum(squared[self.code[t]] for t in s) for s in self.sets])
        norms = np.where(norms == 0, 1.0, norms)
        return np.asarray(self.shared(squared) / (norms[self.i] * norms[self.j]), dtype=np.float64)

    def rarity(self) -> FloatArray:
        return np.asarray(np.log(self.size / self.frequency), dtype=np.float64)

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
    if len(block) > SMALL_BLOCK:
        return many_pair_features([block])[0]
    i, j = pair_indices(len(block))
    kinds = {kind: _SmallTokens([tokens(m)[kind] for m in block.mentions], i, j) for kind in TOKEN_KINDS}
    return _features([block], kinds, i, j)[0]


def many_pair_features(blocks: Sequence[AuthorBlock]) -> list[FloatArray]:
    """:func:`pair_features` of each block, computed together: a few sparse products for the whole batch rather
    than a few per block (most blocks are a handful of mentions, where the per-block overhead is the cost).
    Each block's rows are the same bits as ``many_pair_features([block])`` gives it alone (and equal to
    :func:`pair_features`, whose small-block path sums in another order, to 1e-12).

    Examples
    --------
    >>> from graphkit.core.names import parse_name
    >>> one = AuthorBlock([BlockMention("Ann Lee", parse_name("Ann Lee"), venue="KDD")] * 3)
    >>> [rows.shape for rows in many_pair_features([one, AuthorBlock(one.mentions[:1])])]
    [(3, 21), (0, 21)]
    """
    sizes = np.array([len(b) for b in blocks], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    pairs = [pair_indices(int(n)) for n in sizes]
    i = np.concatenate([p[0] + start for p, start in zip(pairs, starts, strict=False)] or [np.empty(0, np.int64)])
    j = np.concatenate([p[1] + start for p, start in zip(pairs, starts, strict=False)] or [np.empty(0, np.int64)])
    mentions = [m for b in blocks for m in b.mentions]
    kinds = {kind: _Tokens([tokens(m)[kind] for m in mentions], starts, i, j) for kind in TOKEN_KINDS}
    return _features(blocks, kinds, i, j)


def _features(
    blocks: Sequence[AuthorBlock], kinds: dict[str, _Tokens] | dict[str, _SmallTokens], i: IntArray, j: IntArray
) -> list[FloatArray]:
    """The feature rows of every pair ``(i, j)`` (mention numbers over the concatenated blocks), split by block."""
    sizes = np.array([len(b) for b in blocks], dtype=np.int64)
    pair_counts = sizes * (sizes - 1) // 2
    n = np.repeat(sizes, pair_counts).astype(np.float64)  # the block size of each pair
    mentions = [m for b in blocks for m in b.mentions]
    columns: dict[str, FloatArray] = {}
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
    columns["venue_rarity"] = _masked(venues.shared(venues.rarity()), venue_present)
    venue_words = kinds["venue_words"]
    columns["venue_words_cosine"] = _masked(venue_words.cosine(), venue_words.both_present())

    titles = kinds["title"]
    columns["title_cosine"] = _masked(titles.cosine(), titles.both_present())
    columns["title_shared_rarity"] = titles.shared(titles.rarity())
    abstracts = kinds["abstract"]
    columns["abstract_cosine"] = _masked(abstracts.cosine(), abstracts.both_present())

    affiliations = kinds["affiliations"]
    present = affiliations.both_present()
    columns["affiliation_cosine"] = _masked(affiliations.cosine(), present)
    columns["affiliation_rarity"] = _masked(affiliations.shared(affiliations.rarity()), present)

    topics = kinds["topics"]
    shared_topics = topics.shared()
    topic_union = topics.count[i] + topics.count[j] - shared_topics
    columns["topics_jaccard"] = _masked(shared_topics / np.maximum(topic_union, 1), topics.both_present())

    years = np.array([np.nan if m.year is None else m.year for m in mentions], dtype=np.float64)
    columns["year_gap"] = np.abs(years[i] - years[j])

    # Codes of equal spellings, first names and middle initials (equal strings, equal codes, across the batch).
    keys = [m.parsed.key for m in mentions]
    spelling = _codes(keys)
    columns["same_spelling"] = (spelling[i] == spelling[j]).astype(np.float64)
    full = np.array([bool(m.parsed.given) and not is_initial(m.parsed.given[0]) for m in mentions], dtype=bool)
    first = _codes([m.parsed.given[0].replace("-", "") if m.parsed.given else "" for m in mentions])
    columns["full_first_names"] = np.where(full[i] & full[j], (first[i] == first[j]).astype(float), np.nan)
    middles = [_middle_initials(m.parsed) for m in mentions]
    middle = _codes(middles)
    has_middle = np.array([bool(m) for m in middles], dtype=bool)
    columns["middle_names_agree"] = _masked((middle[i] == middle[j]).astype(np.float64), has_middle[i] & has_middle[j])
    # How many mentions of the block share each spelling: counted per (block, spelling).
    block_of = np.repeat(np.arange(len(blocks), dtype=np.int64), sizes)
    per_block = block_of * (int(spelling.max(initial=0)) + 1) + spelling
    _, inverse, counts = np.unique(per_block, return_inverse=True, return_counts=True)
    spelling_count = counts[inverse].astype(np.float64)
    columns["spelling_share"] = np.minimum(spelling_count[i], spelling_count[j]) / np.maximum(n, 1)
    columns["block_size"] = np.log(np.maximum(n, 1))
    surname_variety = np.log1p(np.array([m.surname_variety for m in mentions], dtype=np.float64))
    columns["surname_variety"] = np.maximum(surname_variety[i], surname_variety[j])
    given = np.array([np.nan if m.given_variety is None else m.given_variety for m in mentions], dtype=np.float64)
    columns["given_variety"] = np.fmax(np.log1p(given[i]), np.log1p(given[j]))
    rows = np.column_stack([columns[name] for name in FEATURES]) if len(i) else np.empty((0, len(FEATURES)))
    return np.split(rows, np.cumsum(pair_counts)[:-1])


def shared_token_counts(sets: Sequence[frozenset[str]]) -> FloatArray:
    """Per pair of one block's mentions (:func:`pair_indices` order): how many tokens of ``sets`` both have.

    Examples
    --------
    >>> shared_token_counts([frozenset("ab"), frozenset("bc"), frozenset("x")]).tolist()
    [1.0, 0.0, 0.0]
    """
    i, j = pair_indices(len(sets))
    return _Tokens(sets, np.array([0, len(sets)], dtype=np.int64), i, j).shared()


CHUNK_PAIRS = 250_000
"""Pairs scored together at most (about 40 MiB of features), unless one block alone has more."""


def chunks(sizes: Sequence[int], max_pairs: int = CHUNK_PAIRS) -> list[range]:
    """Consecutive runs of blocks (by their sizes) with at most ``max_pairs`` pairs each (a larger block alone).

    Examples
    --------
    >>> chunks([2, 3, 700, 2], max_pairs=1000)
    [range(0, 2), range(2, 3), range(3, 4)]
    """
    result: list[range] = []
    start, pairs = 0, 0
    for index, size in enumerate(sizes):
        more = size * (size - 1) // 2
        if index > start and pairs + more > max_pairs:
            result.append(range(start, index))
            start, pairs = index, 0
        pairs += more
    if start < len(sizes):
        result.append(range(start, len(sizes)))
    return result


def _codes(values: Sequence[str]) -> IntArray:
    """Equal values, equal integers (numbered by first occurrence)."""
    code: dict[str, int] = {}
    return np.array([code.setdefault(v, len(code)) for v in values], dtype=np.int64)


def _middle_initials(name: PersonName) -> str:
    return "".join(part[0] for part in name.given[1:])
