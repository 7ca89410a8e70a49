"""Extractors: one module per input format, all yielding the same typed records.

Use :func:`extract` for a list of records plus per-file reports, or :func:`iter_records` to
stream. ``format="auto"`` asks each extractor in :data:`FORMATS` order whether it recognises the
file and uses the first that does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.core.errors import InputFileError, StrictModeError, UnknownFormatError
from graphkit.core.models import AnyRecord, AuthorProfileRecord, CitationRecord, FileReport, PaperRecord, SkippedEntry
from graphkit.extract.arxiv_atom import ArxivAtomExtractor
from graphkit.extract.arxiv_kaggle import ArxivSnapshotExtractor
from graphkit.extract.arxiv_oai import ArxivOaiExtractor
from graphkit.extract.base import Extractor
from graphkit.extract.bibtex import BibtexExtractor
from graphkit.extract.daily_feed import DailyFeedExtractor
from graphkit.extract.dblp import DblpExtractor
from graphkit.extract.hepth import HepThAbsExtractor, HepThCitationsExtractor
from graphkit.extract.openalex import OpenAlexExtractor
from graphkit.extract.profile_page import ProfilePageExtractor
from graphkit.extract.ranked_list import RankedListExtractor
from graphkit.extract.semantic_scholar import SemanticScholarExtractor
from graphkit.extract.textio import is_tar, peek

__all__ = [
    "FORMATS",
    "ExtractionResult",
    "Extractor",
    "detect_format",
    "expand_paths",
    "extract",
    "get_extractor",
    "iter_records",
]

FORMATS: dict[str, type[Extractor]] = {
    cls.name: cls
    for cls in (
        ArxivSnapshotExtractor,
        ArxivOaiExtractor,
        ArxivAtomExtractor,
        OpenAlexExtractor,
        SemanticScholarExtractor,
        DblpExtractor,
        BibtexExtractor,
        HepThAbsExtractor,
        HepThCitationsExtractor,
        ProfilePageExtractor,
        DailyFeedExtractor,
        RankedListExtractor,
    )
}
"""Every supported format by name, in auto-detection order."""


def get_extractor(name: str, path: str | Path = "<input>") -> type[Extractor]:
    """Return the extractor class for a format name.

    Examples
    --------
    >>> get_extractor("ranked-list").__name__
    'RankedListExtractor'
    """
    try:
        return FORMATS[name]
    except KeyError as e:
        raise UnknownFormatError(path, sorted(FORMATS), f"unknown format {name!r}") from e


def detect_format(path: str | Path) -> str:
    """Name the format of ``path`` by asking each extractor in turn.

    Raises
    ------
    UnknownFormatError
        If no extractor recognises the file.
    InputFileError
        If the file cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(path, "no such file", "check the path")
    head_bytes = peek(path)
    if not head_bytes.strip():
        raise InputFileError(path, "the file is empty", "check that the download or export finished")
    if b"\x00" in head_bytes and not is_tar(path):
        raise InputFileError(path, "the file is binary, not text", "pass a text, JSON or XML export")
    head = head_bytes.decode("utf-8", errors="replace")
    for name, cls in FORMATS.items():
        if cls.sniff(path, head):
            return name
    raise UnknownFormatError(path, sorted(FORMATS))


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the files below them (sorted, hidden files left out)."""
    expanded: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            expanded.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.parts[len(path.parts) :])
                )
            )
        elif not path.exists():
            raise InputFileError(path, "no such file or folder", "check the path")
        else:
            expanded.append(path)
    return expanded


def iter_records(
    paths: Iterable[str | Path],
    *,
    format: str = "auto",
    as_of: dt.date | None = None,
    strict: bool = False,
    reports: list[FileReport] | None = None,
) -> Iterator[AnyRecord]:
    """Stream the records of every file, appending one :class:`FileReport` per file to ``reports``.

    Raises
    ------
    StrictModeError
        With ``strict=True``, on the first skipped entry.
    """
    for path in expand_paths(paths):
        name = detect_format(path) if format == "auto" else format
        extractor = get_extractor(name, path)(as_of=as_of)
        report = FileReport(source=str(path), format=name)
        if reports is not None:
            reports.append(report)
        for entry in extractor.iter_entries(path):
            if isinstance(entry, SkippedEntry):
                if strict:
                    raise StrictModeError(
                        f"{entry.location()}: {entry.reason} (--strict turns every skipped entry into an error; "
                        "drop --strict to skip it and go on)"
                    )
                report.skipped.append(entry)
                continue
            report.records += 1
            if isinstance(entry, PaperRecord):
                report.papers += 1
            elif isinstance(entry, CitationRecord):
                report.citations += 1
            else:
                report.profiles += 1
            yield entry
        report.warnings.extend(extractor.warnings)


@dataclass
class ExtractionResult:
    """Records from a run of :func:`extract` and what happened per file."""

    records: list[AnyRecord] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)

    @property
    def papers(self) -> list[PaperRecord]:
        """Only the paper records."""
        return [r for r in self.records if isinstance(r, PaperRecord)]

    @property
    def profiles(self) -> list[AuthorProfileRecord]:
        """Only the author-profile records."""
        return [r for r in self.records if isinstance(r, AuthorProfileRecord)]

    @property
    def skipped(self) -> list[SkippedEntry]:
        """Every skipped entry, over all files."""
        return [s for report in self.reports for s in report.skipped]


def extract(
    paths: Iterable[str | Path] | str | Path,
    *,
    format: str = "auto",
    as_of: dt.date | None = None,
    strict: bool = False,
) -> ExtractionResult:
    r"""Extract every record from files or folders.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, or folders whose files are all read.
    format : str
        A name from :data:`FORMATS`, or ``"auto"`` to detect each file's format.
    as_of : datetime.date, optional
        Capture day for pages whose dates omit the year.
    strict : bool
        Raise :class:`~graphkit.core.errors.StrictModeError` instead of skipping a malformed entry.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "ranked.txt"
    >>> _ = page.write_text("29.5LGOct 9, 2022\nCoverage in RLTengyang Xie, Dylan J. Foster et al. · mit\nWe\n")
    >>> papers = extract(page, format="ranked-list").papers
    >>> [(p.title, p.author_names, p.category) for p in papers]
    [('Coverage in RL', ['Tengyang Xie', 'Dylan J. Foster'], 'cs.LG')]
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    result = ExtractionResult()
    result.records.extend(iter_records(paths, format=format, as_of=as_of, strict=strict, reports=result.reports))
    return result
