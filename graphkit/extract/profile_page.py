"""Author profile pages: one author's header metrics, then one block per paper.

Layout (blank lines between every line)::

    Samy Jelassi                 the profiled author
    LG                           their main arXiv subject
    h-index96 / 29papers / 1,059citations / Novelty58% / AI Score54 / 29 Papers
    87.7LGMar 12                 per paper: [score] subject date [Code]
    Title
    Name, Name, Name et al. · slug, slug
    Abstract (sometimes missing)

The profiled author wrote every paper on the page, even where the byline shown stops at three
names before reaching them: every paper record names them in ``profile_author``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from graphkit.core.models import AuthorProfileRecord, AuthorRef, InstitutionRef, Provenance, SkippedEntry
from graphkit.core.taxonomy import resolve_category
from graphkit.extract.base import Entry, PageExtractor
from graphkit.extract.bylines import parse_byline
from graphkit.extract.listing import PaperDraft, finish_drafts, parse_meta_line

__all__ = ["ProfilePageExtractor"]

_HEADER_FIELDS = {
    "h_index": re.compile(r"h-index\s*(\d[\d,]*)"),
    "paper_count": re.compile(r"(\d[\d,]*)\s*papers"),
    "citations": re.compile(r"(\d[\d,]*)\s*citations"),
    "novelty_percent": re.compile(r"Novelty\s*(\d+(?:\.\d+)?)%"),
    "ai_score": re.compile(r"AI Score\s*(\d+(?:\.\d+)?)"),
}
_LISTED_COUNT = re.compile(r"(\d[\d,]*) Papers")
_FIELD_CODE = re.compile(r"[A-Z]{2}")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


class ProfilePageExtractor(PageExtractor):
    """Author profile page (``000_…`` in the seeds)."""

    name = "profile-page"
    description = "scraped author profile page: header metrics, then [score]CATdate / title / byline / abstract"

    @classmethod
    def sniff(cls, path: Path, head: str) -> bool:
        first = [line.strip() for line in head.splitlines() if line.strip()][:12]
        return any(_HEADER_FIELDS["h_index"].fullmatch(line) for line in first)

    def parse_page(self, lines: list[str], source: str) -> Iterator[Entry]:
        numbered = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
        if not numbered:
            return
        header_end = next(
            (i for i, (_, line) in enumerate(numbered) if parse_meta_line(line) is not None), len(numbered)
        )
        profile_author: str | None = None
        listed_count: int | None = None
        if header_end == 0:
            yield SkippedEntry(
                source=source,
                line=numbered[0][0],
                excerpt=numbered[0][1][:120],
                reason="the page has no author header before its first paper; papers are kept without a profile",
            )
        else:
            profile, listed_count = self._parse_header(numbered[:header_end], source)
            profile_author = profile.name
            yield profile
        drafts: list[PaperDraft] = []
        position = header_end
        while position < len(numbered):
            number, line = numbered[position]
            meta = parse_meta_line(line)
            if meta is None:
                yield SkippedEntry(
                    source=source,
                    line=number,
                    excerpt=line[:120],
                    reason="expected a metadata line such as '87.7LGMar 12'; the line is not part of any entry",
                )
                position += 1
                continue
            block = [numbered[position]]
            position += 1
            while position < len(numbered) and parse_meta_line(numbered[position][1]) is None:
                block.append(numbered[position])
                position += 1
            draft_or_skip = self._parse_block(block, source, profile_author)
            if isinstance(draft_or_skip, SkippedEntry):
                yield draft_or_skip
            else:
                drafts.append(draft_or_skip)
        if listed_count is not None and listed_count != len(drafts):
            self.warn(f"{source}: the page says {listed_count} papers but {len(drafts)} entries were read")
        yield from finish_drafts(drafts, source=source, format_name=self.name, as_of=self.as_of, warn=self.warn)

    def _parse_header(self, header: list[tuple[int, str]], source: str) -> tuple[AuthorProfileRecord, int | None]:
        number, name = header[0]
        values: dict[str, float] = {}
        field_raw = None
        listed_count = None
        for _, line in header[1:]:
            if field_raw is None and _FIELD_CODE.fullmatch(line):
                field_raw = line
                continue
            for key, pattern in _HEADER_FIELDS.items():
                match = pattern.fullmatch(line)
                if match:
                    values[key] = _number(match[1])
            listed = _LISTED_COUNT.fullmatch(line)
            if listed:
                listed_count = int(_number(listed[1]))
        profile = AuthorProfileRecord(
            name=name,
            field_raw=field_raw,
            field=resolve_category(field_raw),
            h_index=int(values["h_index"]) if "h_index" in values else None,
            paper_count=int(values["paper_count"]) if "paper_count" in values else None,
            citations=int(values["citations"]) if "citations" in values else None,
            novelty_percent=values.get("novelty_percent"),
            ai_score=values.get("ai_score"),
            provenance=Provenance(source=source, line=number, format=self.name),
        )
        return profile, listed_count

    def _parse_block(
        self, block: list[tuple[int, str]], source: str, profile_author: str | None
    ) -> PaperDraft | SkippedEntry:
        number, meta_text = block[0]
        meta = parse_meta_line(meta_text)
        assert meta is not None
        if len(block) < 3:
            return SkippedEntry(
                source=source,
                line=number,
                excerpt=" / ".join(line for _, line in block)[:120],
                reason="entry has no title and byline after its metadata line",
            )
        title, byline_text = block[1][1], block[2][1]
        byline = parse_byline(byline_text)
        if byline is None:
            return SkippedEntry(
                source=source,
                line=block[2][0],
                excerpt=byline_text[:120],
                reason="the line after the title is not a list of author names",
            )
        abstract = " ".join(line for _, line in block[3:]) or None
        return PaperDraft(
            line=number,
            date=meta.date,
            fields={
                "title": title,
                "authors": [AuthorRef(name=n) for n in byline.names],
                "authors_complete": byline.complete,
                "author_count": len(byline.names) if byline.complete else None,
                "category_raw": meta.category_raw,
                "affiliations": [InstitutionRef(name=slug, slug=slug) for slug in byline.affiliations],
                "score": meta.score,
                "has_code": meta.has_code,
                "abstract": abstract,
                "profile_author": profile_author,
            },
        )
