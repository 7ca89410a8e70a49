"""Author resolution: external ids, then spellings, then unambiguous name variants.

Rules, in order (each merge is recorded with its evidence; see :mod:`graphkit.resolve.base`):

1. **Same external id** (ORCID, OpenAlex, Semantic Scholar, DBLP): one person.
2. **Same spelling** after folding case, accents, TeX escapes, hyphens and spaces
   (``Carles Domingo Enrich`` = ``Carles Domingo-Enrich``).
3. **Compatible variants** (:func:`graphkit.core.names.compatible`: ``Sham M. Kakade`` and
   ``Sham Kakade``) are merged only when neither spelling is *ambiguous*, that is, compatible with
   two spellings that are not compatible with each other. ``J. Wu`` is compatible with both
   ``Jingfeng Wu`` and ``Jiajun Wu``, so it is ambiguous and merges with neither on its name.
4. **Ambiguous variants with coauthor evidence**: an ambiguous spelling is merged with the
   candidates that share at least one coauthor with it, provided those candidates are compatible
   with each other; otherwise it stays apart and the decision is recorded as "kept apart".

Different ids of one kind (two ORCIDs) always keep two people apart, whatever their names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from graphkit.core.names import NICKNAMES, PersonName, compatible, is_initial, parse_name
from graphkit.core.settings import DEFAULT_COAUTHOR_MAX_AUTHORS
from graphkit.core.text import fold
from graphkit.resolve.base import Link, Mention, OverridePairs, Resolver

__all__ = ["AuthorMention", "AuthorResolver", "CoauthorEvidence", "compatible_spellings"]


@dataclass
class AuthorMention(Mention):
    """A byline name; ``paper`` groups the mentions of one paper (for coauthor evidence)."""

    paper: int | None = None
    parsed: PersonName = field(default_factory=lambda: PersonName((), ""))


class CoauthorEvidence(Protocol):
    """The context a block of author mentions is resolved in: who wrote with whom, over the whole corpus."""

    def shared(self, key: str, other: str) -> set[str]:
        """Folded spellings (:attr:`~graphkit.core.names.PersonName.key`) that wrote with both ``key`` and
        ``other``, each on a paper of at most the resolver's ``coauthor_max_authors`` names. A paper that both
        ``key`` and ``other`` are on is no evidence: two names on one byline are two people, and that paper's
        coauthors would otherwise vouch for them being one."""
        ...


class AuthorResolver(Resolver):
    """Decide which byline names are the same person (see the module rules).

    Examples
    --------
    >>> names = ["Sham M. Kakade", "Sham Kakade", "J. Wu", "Jingfeng Wu", "Jiajun Wu"]
    >>> clustering = AuthorResolver().resolve([AuthorResolver.mention(n) for n in names])
    >>> len(set(clustering.cluster_of))
    4
    """

    entity = "author"

    def __init__(
        self,
        overrides: OverridePairs | None = None,
        *,
        coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
        coauthors: CoauthorEvidence | None = None,
    ) -> None:
        super().__init__(overrides)
        #: Papers with more authors are no coauthor evidence: sharing a 3,000-member collaboration paper
        #: says nothing about two spellings being one person (and the same limit keeps them out of the pairs).
        self.coauthor_max_authors = coauthor_max_authors
        #: Where coauthors come from: given when the mentions resolved are a part of the corpus (a block), else
        #: computed from the mentions' own papers.
        self.coauthors = coauthors

    @staticmethod
    def mention(name: str, ids: dict[str, str] | None = None, paper: int | None = None) -> AuthorMention:
        """Build a mention from a display name, its ids, and the paper it appears on."""
        ids = {k: v for k, v in ids.items() if v} if ids else {}
        return AuthorMention(label=name, ids=ids, paper=paper, parsed=parse_name(name))

    def override_key(self, text: str) -> str:
        return text if ":" in text or "/" in text else fold(text)

    def propose(self, mentions: list[Mention]) -> Iterable[Link]:
        authors = [m for m in mentions if isinstance(m, AuthorMention)]
        if len(authors) != len(mentions):
            raise TypeError("AuthorResolver needs AuthorMention values")
        yield from self._id_links(authors)
        first_of_key: dict[str, int] = {}
        for index, mention in enumerate(authors):
            key = mention.parsed.key
            if key in first_of_key:
                first = authors[first_of_key[key]]
                yield Link(
                    first_of_key[key], index, "same spelling",
                    f"{first.label!r} = {mention.label!r} after folding case, accents, hyphens and spaces",
                    recorded=first.label != mention.label,
                )  # fmt: skip
            else:
                first_of_key[key] = index
        yield from self._variant_links(authors, first_of_key)

    @staticmethod
    def _id_links(authors: list[AuthorMention]) -> Iterator[Link]:
        first: dict[tuple[str, str], int] = {}
        for index, mention in enumerate(authors):
            for kind, value in sorted(mention.ids.items()):
                seen = first.setdefault((kind, value), index)
                if seen != index:
                    yield Link(
                        seen, index, f"same {kind} id", f"{kind} {value}",
                        recorded=authors[seen].label != mention.label,
                    )  # fmt: skip

    def _variant_links(self, authors: list[AuthorMention], first_of_key: dict[str, int]) -> Iterator[Link]:
        blocks: dict[tuple[str, str], list[str]] = {}
        for key, index in first_of_key.items():
            parsed = authors[index].parsed
            if parsed.given:
                blocks.setdefault(parsed.block, []).append(key)
        coauthors = self.coauthors
        for keys in blocks.values():
            if len(keys) < 2:
                continue
            parsed_of = {key: authors[first_of_key[key]].parsed for key in keys}
            compatible_with = compatible_spellings(keys, parsed_of)
            ambiguous = {
                key
                for key, candidates in compatible_with.items()
                if any(
                    not compatible(parsed_of[x], parsed_of[y])
                    for i, x in enumerate(candidates)
                    for y in candidates[i + 1 :]
                )
            }
            for key in sorted(keys, key=lambda k: -parsed_of[k].specificity):
                label = authors[first_of_key[key]].label
                if key not in ambiguous:
                    for other in compatible_with[key]:
                        if other not in ambiguous:
                            yield Link(
                                first_of_key[key], first_of_key[other], "compatible name variants",
                                f"{label!r} ~ {authors[first_of_key[other]].label!r}: same surname, compatible "
                                "given names, and no other compatible person",
                            )  # fmt: skip
                    continue
                if coauthors is None:
                    coauthors = _Coauthors(authors, self.coauthor_max_authors)
                yield from self._ambiguous_links(key, compatible_with[key], parsed_of, coauthors, authors, first_of_key)

    def _ambiguous_links(
        self,
        key: str,
        candidates: list[str],
        parsed: dict[str, PersonName],
        coauthors: CoauthorEvidence,
        authors: list[AuthorMention],
        first_of_key: dict[str, int],
    ) -> Iterator[Link]:
        label = authors[first_of_key[key]].label
        shared = {c: common for c in candidates if (common := coauthors.shared(key, c))}
        supported = [c for c in candidates if c in shared]
        candidate_labels = [authors[first_of_key[c]].label for c in candidates]
        consistent = all(compatible(parsed[x], parsed[y]) for i, x in enumerate(supported) for y in supported[i + 1 :])
        if not supported or not consistent:
            why = "no candidate shares a coauthor" if not supported else "coauthors point at several candidates"
            self.note(
                [label, *candidate_labels],
                "ambiguous name",
                f"{label!r} is compatible with {', '.join(map(repr, candidate_labels))}, who are different "
                f"people; {why}, so it is kept apart",
            )
            return
        for other in supported:
            yield Link(
                first_of_key[key], first_of_key[other], "compatible name + shared coauthors",
                f"{label!r} ~ {authors[first_of_key[other]].label!r}: ambiguous name resolved by shared "
                f"coauthor(s) {', '.join(sorted(shared[other])[:5])}",
            )  # fmt: skip


def _first_name_tokens(first: str) -> frozenset[str]:
    """The forms a full first name may also be written in: joined (``fei-yue`` → ``feiyue``) and its nicknames."""
    joined = first.replace("-", "")
    return NICKNAMES.get(joined, frozenset()) | {joined}


def compatible_spellings(keys: list[str], parsed_of: dict[str, PersonName]) -> dict[str, list[str]]:
    """For each spelling of one block, the other spellings it is compatible with, in ``keys`` order.

    Equal to comparing every pair, without comparing every pair: two spellings can only be compatible
    when their first given names are equal or one of them is an initial, so each spelling is compared
    with its own first name's group and the initials only, and an initial with everyone. A block of n
    spellings costs about n × (initials) + Σ (group size)² comparisons instead of n²; the largest real
    blocks (a common surname and initial: thousands of spellings) went from minutes to under a second.

    Examples
    --------
    >>> names = ["J. Wu", "Jingfeng Wu", "Jiajun Wu", "Jingfeng X. Wu"]
    >>> compatible_spellings(names, {n: parse_name(n) for n in names})["Jingfeng Wu"]
    ['J. Wu', 'Jingfeng X. Wu']
    """
    position = {key: index for index, key in enumerate(keys)}
    # A full first name is compared with the spellings whose first name may be the same name (itself, its
    # nicknames, its hyphenated or joined form) and with every abbreviated one; an abbreviation with all.
    by_token: dict[str, list[str]] = {}
    initials: list[str] = []
    for key in keys:
        first = parsed_of[key].given[0]
        if is_initial(first):
            initials.append(key)
            continue
        for token in _first_name_tokens(first):
            by_token.setdefault(token, []).append(key)
    result: dict[str, list[str]] = {}
    for key in keys:
        first = parsed_of[key].given[0]
        if is_initial(first):
            candidates: list[str] | set[str] = keys
        else:
            candidates = {other for token in _first_name_tokens(first) for other in by_token[token]} | set(initials)
        found = [other for other in candidates if other != key and compatible(parsed_of[key], parsed_of[other])]
        if not is_initial(first):
            found.sort(key=position.__getitem__)
        result[key] = found
    return result


class _Coauthors:
    """Coauthor spellings per spelling, computed only for the spellings that need evidence."""

    def __init__(self, authors: list[AuthorMention], max_authors: int) -> None:
        self._keys_by_paper: dict[int, set[str]] = {}
        for mention in authors:
            if mention.paper is not None:
                self._keys_by_paper.setdefault(mention.paper, set()).add(mention.parsed.key)
        self._papers_by_key: dict[str, list[int]] = {}
        for paper, keys in self._keys_by_paper.items():
            if len(keys) <= max_authors:
                for key in keys:
                    self._papers_by_key.setdefault(key, []).append(paper)
        self._memo: dict[str, set[str]] = {}

    def shared(self, key: str, other: str) -> set[str]:
        """Spellings that share a paper with ``key`` and another paper with ``other`` (never one they are both on)."""
        both = set(self._papers_by_key.get(key, ())) & set(self._papers_by_key.get(other, ()))
        if not both:
            return self._of(key) & self._of(other)
        return self._of(key, without=both) & self._of(other, without=both)

    def _of(self, key: str, without: set[int] | None = None) -> set[str]:
        if without:
            papers = [p for p in self._papers_by_key.get(key, ()) if p not in without]
            return set().union(*(self._keys_by_paper[p] for p in papers)) - {key}
        found = self._memo.get(key)
        if found is None:
            found = set().union(*(self._keys_by_paper[p] for p in self._papers_by_key.get(key, ())))
            found.discard(key)
            self._memo[key] = found
        return found
