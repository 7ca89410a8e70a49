"""Paper resolution: external ids first, then normalised titles checked against year and authors.

Rules, in order:

1. **Same external id**: arXiv id (without version), DOI, OpenAlex, Semantic Scholar or DBLP key.
2. **Same normalised title** (:func:`graphkit.core.text.normalise_title`), accepted only when
   * the years agree within one year where both records have one (a preprint and its published
     version often straddle a new year), and
   * the bylines share at least one surname where both records name authors, and
   * the title has at least three words (short generic titles such as "Introduction" are never
     merged on title alone).

Records with different ids of one kind (two DOIs) are never merged, whatever their titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graphkit.core.names import parse_name
from graphkit.core.text import normalise_title
from graphkit.resolve.base import Link, Mention, Resolver

__all__ = ["PaperMention", "PaperResolver"]

_MIN_TITLE_WORDS = 3
_YEAR_TOLERANCE = 1


@dataclass
class PaperMention(Mention):
    """A paper as one record gives it: title, year, and the surnames of its byline."""

    title_key: str = ""
    year: int | None = None
    authors: tuple[str, ...] = ()

    @property
    def surnames(self) -> set[str]:
        """Folded surnames of the byline (computed only when two titles need comparing)."""
        return {parse_name(a).surname for a in self.authors}


class PaperResolver(Resolver):
    """Decide which records describe the same paper (see the module rules).

    Examples
    --------
    >>> m = PaperResolver.mention
    >>> a = m("Deep Inventory Management", 2022, ["Dhruv Madeka"])
    >>> b = m("Deep inventory management", 2023, ["Dhruv Madeka", "Kari Torkkola"])
    >>> c = m("Deep Inventory Management", 2010, ["Dhruv Madeka"])
    >>> PaperResolver().resolve([a, b, c]).cluster_of
    [0, 0, 2]
    """

    entity = "paper"

    @staticmethod
    def mention(
        title: str, year: int | None, authors: Iterable[str] = (), ids: dict[str, str] | None = None
    ) -> PaperMention:
        """Build a mention from a record's title, year, author names and ids."""
        ids = {k: v for k, v in ids.items() if v} if ids else {}
        return PaperMention(label=title, ids=ids, title_key=normalise_title(title), year=year, authors=tuple(authors))

    def override_key(self, text: str) -> str:
        return text if ":" in text and " " not in text else normalise_title(text)

    def propose(self, mentions: list[Mention]) -> Iterable[Link]:
        papers = [m for m in mentions if isinstance(m, PaperMention)]
        if len(papers) != len(mentions):
            raise TypeError("PaperResolver needs PaperMention values")
        first: dict[tuple[str, str], int] = {}
        for index, mention in enumerate(papers):
            for kind, value in sorted(mention.ids.items()):
                seen = first.setdefault((kind, value), index)
                if seen != index:
                    yield Link(seen, index, f"same {kind} id", f"{kind} {value}")
        by_title: dict[str, list[int]] = {}
        for index, mention in enumerate(papers):
            if len(mention.title_key.split()) >= _MIN_TITLE_WORDS:
                by_title.setdefault(mention.title_key, []).append(index)
        for group in by_title.values():
            yield from self._title_links(papers, group)

    def _title_links(self, papers: list[PaperMention], group: list[int]) -> Iterator[Link]:
        for position, index in enumerate(group):
            for earlier in group[:position]:
                a, b = papers[earlier], papers[index]
                problem = self._title_match_problem(a, b)
                if problem is None:
                    years = f", years {a.year} and {b.year}" if a.year and b.year else ""
                    yield Link(earlier, index, "same title", f"normalised title {a.title_key!r}{years}")
                    break
                self.note([a.label, b.label], "same title", f"{a.title_key!r}: {problem}, so kept apart")

    @staticmethod
    def _title_match_problem(a: PaperMention, b: PaperMention) -> str | None:
        if a.year is not None and b.year is not None and abs(a.year - b.year) > _YEAR_TOLERANCE:
            return f"years {a.year} and {b.year} differ by more than {_YEAR_TOLERANCE}"
        if a.authors and b.authors and not a.surnames & b.surnames:
            return "the bylines share no surname"
        return None
