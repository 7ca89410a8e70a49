"""Extractors: one module per input format, all yielding the same typed records.

Use :func:`extract` for a list of records plus per-file reports, or :func:`iter_records` to
stream. ``format="auto"`` asks each extractor in :data:`FORMATS` order whether it recognises the
file and uses the first that does.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.core.errors import InputFileError, StrictModeError, UnknownFormatError
from graphkit.core.models import AnyRecord, AuthorProfileRecord, CitationRecord, FileReport, PaperRecord, SkippedEntry
from graphkit.extract.arxiv_atom import ArxivAtomExtractor
from graphkit.extract.arxiv_kaggle import ArxivSnapshotExtractor
from graphkit.extract.arxiv_oai import ArxivOaiExtractor
from graphkit.extract.base import DETECTION_THRESHOLD, Extractor
from graphkit.extract.bibtex import BibtexExtractor
from graphkit.extract.daily_feed import DailyFeedExtractor
from graphkit.extract.dblp import DblpExtractor
from graphkit.extract.hepth import HepThAbsExtractor, HepThCitationsExtractor
from graphkit.extract.medline import MedlineExtractor
from graphkit.extract.openalex import OpenAlexExtractor
from graphkit.extract.profile_page import ProfilePageExtractor
from graphkit.extract.ranked_list import RankedListExtractor
from graphkit.extract.scopus import ScopusExtractor
from graphkit.extract.semantic_scholar import SemanticScholarExtractor
from graphkit.extract.textio import is_tar, is_utf16, peek
from graphkit.extract.wos import WosExtractor

__all__ = [
    "FORMATS",
    "ExtractionResult",
    "Extractor",
    "InputFile",
    "LeftOut",
    "detect_format",
    "extract",
    "find_inputs",
    "get_extractor",
    "iter_records",
    "provenance_name",
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
        WosExtractor,
        ScopusExtractor,
        MedlineExtractor,
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
    """Name the format of ``path``: the first extractor (in :data:`FORMATS` order) whose confidence in the
    start of the file reaches :data:`~graphkit.extract.base.DETECTION_THRESHOLD`.

    Raises
    ------
    UnknownFormatError
        If no extractor recognises the file (naming any that looked close, with its confidence).
    InputFileError
        If the file cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(path, "no such file", "check the path")
    head_bytes = peek(path)
    if not head_bytes.strip():
        raise InputFileError(path, "the file is empty", "check that the download or export finished")
    if is_utf16(head_bytes):
        head = head_bytes[: len(head_bytes) // 2 * 2].decode("utf-16", errors="replace")
    elif b"\x00" in head_bytes and not is_tar(path):
        raise InputFileError(path, "the file is binary, not text", "pass a text, JSON or XML export")
    else:
        head = head_bytes.decode("utf-8", errors="replace")
    close: list[str] = []
    for name, cls in FORMATS.items():
        confidence = cls.confidence(path, head)
        if confidence >= DETECTION_THRESHOLD:
            return name
        if confidence > 0:
            close.append(f"{name} at {confidence:.0%}")
    detail = ""
    if close:
        detail = (
            f"the format of this file was not recognised (closest: {', '.join(close)} of its first entries read "
            f"as that format; {DETECTION_THRESHOLD:.0%} needed)"
        )
    raise UnknownFormatError(path, sorted(FORMATS), detail)


@dataclass(frozen=True)
class InputFile:
    """A file to read, its format, and its name in the build's provenance (:func:`provenance_name`)."""

    path: Path
    format: str
    name: str = ""


def provenance_name(argument: str | Path, path: str | Path | None = None) -> str:
    """How a file is named in what a build records (node ``sources``, reports): from the argument it was found
    under, never the user's absolute path — a file named on its own by its name, a file of a folder by the
    folder's name and its path inside.

    Examples
    --------
    >>> provenance_name("/home/ann/data/works.json")
    'works.json'
    >>> provenance_name("/home/ann/data/openalex/", "/home/ann/data/openalex/2024/part_000.gz")
    'openalex/2024/part_000.gz'
    """
    argument = Path(argument)
    if path is None:
        return argument.name
    inside = Path(path).relative_to(argument).as_posix()
    return f"{argument.resolve().name or 'root'}/{inside}"


@dataclass(frozen=True)
class LeftOut:
    """A file found in a folder and not read, with why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def find_inputs(
    paths: Iterable[str | Path], *, format: str = "auto", exclude: Iterable[str] = ()
) -> tuple[list[InputFile], list[LeftOut]]:
    """The files to read under ``paths`` with their formats, and the files left out.

    A folder stands for the files below it (sorted; hidden ones left out). A file in a folder that graphkit
    cannot read (not a recognised format, empty, binary: ``dblp.dtd`` beside DBLP's XML, a ``SHA256SUMS``) is
    left out with its reason; a file named on its own must be readable, or this raises. Files matching an
    ``exclude`` glob (by name, or by path relative to the folder given) are left out either way.

    Raises
    ------
    InputFileError, UnknownFormatError
        For a file named on its own that is missing or cannot be read.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "SHA256SUMS").write_text("0f3c  works.json\\n")
    >>> _ = (folder / "works.json").write_text('{"id": "https://openalex.org/W1", "title": "T", "authorships": []}')
    >>> files, left_out = find_inputs([folder])
    >>> [(f.path.name, f.format) for f in files], [x.path.name for x in left_out]
    ([('works.json', 'openalex')], ['SHA256SUMS'])
    """
    patterns = list(exclude)
    files: list[InputFile] = []
    left_out: list[LeftOut] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            members = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.parts[len(path.parts) :])
            )  # fmt: skip
            for member in members:
                pattern = _excluding(member, member.relative_to(path), patterns)
                if pattern is not None:
                    left_out.append(LeftOut(member, f"matches --exclude {pattern}"))
                    continue
                try:
                    found = detect_format(member) if format == "auto" else format
                    files.append(InputFile(member, found, provenance_name(path, member)))
                except (UnknownFormatError, InputFileError) as e:
                    left_out.append(LeftOut(member, _reason(e, member)))
        elif not path.exists():
            raise InputFileError(path, "no such file or folder", "check the path")
        else:
            pattern = _excluding(path, Path(path.name), patterns)
            if pattern is not None:
                left_out.append(LeftOut(path, f"matches --exclude {pattern}"))
                continue
            files.append(InputFile(path, detect_format(path) if format == "auto" else format, provenance_name(path)))
    return files, left_out


def _excluding(path: Path, relative: Path, patterns: list[str]) -> str | None:
    """The first pattern that leaves ``path`` out (matched against its name and its relative path)."""
    return next((p for p in patterns if fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(relative.as_posix(), p)), None)


def _reason(error: Exception, path: Path) -> str:
    """Why a file of a folder is left out: the error's message without the path it starts with."""
    if isinstance(error, UnknownFormatError):
        return f"{error.detail} (to read it anyway, name it with --format NAME; --exclude leaves it out quietly)"
    text = str(error)
    prefix = f"{path}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def iter_records(
    paths: Iterable[str | Path],
    *,
    format: str = "auto",
    as_of: dt.date | None = None,
    strict: bool = False,
    reports: list[FileReport] | None = None,
    exclude: Iterable[str] = (),
    left_out: list[LeftOut] | None = None,
) -> Iterator[AnyRecord]:
    """Stream the records of every file, appending one :class:`FileReport` per file to ``reports`` and the
    files of folders that were not read to ``left_out`` (:func:`find_inputs`).

    Raises
    ------
    StrictModeError
        With ``strict=True``, on the first skipped entry.
    """
    files, not_read = find_inputs(paths, format=format, exclude=exclude)
    if left_out is not None:
        left_out.extend(not_read)
    for file in files:
        path, name = file.path, file.format
        extractor = get_extractor(name, path)(as_of=as_of)
        # Reports and skips name the file as the user gave it (they are for the user to find it); the records
        # name it by its provenance name, which is what a build stores and every export shows.
        report = FileReport(source=str(path), format=name)
        if reports is not None:
            reports.append(report)
        for found in extractor.iter_entries(path):
            entry = found if isinstance(found, SkippedEntry) else _named(found, str(path), file.name or str(path))
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


def _named(record: AnyRecord, path: str, name: str) -> AnyRecord:
    """``record`` with the file's path (as extractors record it) replaced by its provenance name."""
    source = record.provenance.source
    if name == path or not source.startswith(path):
        return record
    provenance = record.provenance.model_copy(update={"source": name + source[len(path) :]})
    return record.model_copy(update={"provenance": provenance})


@dataclass
class ExtractionResult:
    """Records from a run of :func:`extract` and what happened per file."""

    records: list[AnyRecord] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)
    #: Files in the folders given that were not read (not a recognised format, or excluded).
    left_out: list[LeftOut] = field(default_factory=list)

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
    exclude: Iterable[str] = (),
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
    exclude : iterable of str
        Glob patterns of files to leave out (see :func:`find_inputs`).

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
    result.records.extend(
        iter_records(
            paths, format=format, as_of=as_of, strict=strict, reports=result.reports, exclude=exclude,
            left_out=result.left_out,
        )
    )  # fmt: skip
    return result
