"""Fuzz every extractor with mutated real samples: records or graphkit's own errors, never a crash, never slow.

The campaign is deterministic: samples are cut from the real datasets under ``$GRAPHKIT_SHARED`` (the seed pages
and ``data/``: every format graphkit reads), and input ``i`` of seed ``s`` is always the same mutation of the same
sample. Each input is written to a file and extracted with its own format named (three in four inputs) or with
auto-detection (the fourth). An input fails the campaign when extraction

- raises anything outside graphkit's error tree (:class:`~graphkit.core.errors.GraphkitError`), or
- takes longer than ``--time-limit`` seconds (10 by default).

Run ``python -m tools.fuzz_extract --inputs 20000`` (about a minute and a half with two workers); CI runs a few thousand
through ``tests/extract/test_fuzz.py``. The report gives inputs tried per format and mutation, the slowest
input, and every failure by its site (the innermost graphkit frame), with a command that replays one input.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gzip
import io
import json
import multiprocessing
import os
import random
import re
import signal
import sys
import tarfile
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from graphkit.core.errors import GraphkitError
from graphkit.extract import extract

__all__ = ["MUTATIONS", "Failure", "FuzzReport", "Sample", "make_input", "real_samples", "run_campaign"]

TIME_LIMIT_S = 10.0


@dataclass(frozen=True)
class Sample:
    """A real input cut to a size that extracts in milliseconds."""

    format: str
    name: str
    data: bytes
    suffix: str


@dataclass(frozen=True)
class Failure:
    """An input that crashed or ran too long."""

    index: int
    format: str
    sample: str
    mutation: str
    site: str
    detail: str


@dataclass
class FuzzReport:
    """What a campaign tried and what failed."""

    seed: int
    tried: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")

    def summary(self) -> str:
        """The report as text: inputs per format, outcomes, slowest input, failures grouped by site."""
        lines = [f"fuzz campaign, seed {self.seed}: {sum(self.tried.values()):,} inputs"]
        lines += [f"  {name:<16} {count:>7,}" for name, count in sorted(self.tried.items())]
        lines.append("mutations: " + ", ".join(f"{name} {count:,}" for name, count in sorted(self.mutations.items())))
        lines.append("outcomes: " + ", ".join(f"{name} {count:,}" for name, count in sorted(self.outcomes.items())))
        lines.append(f"slowest input: {self.slowest[0]:.2f} s ({self.slowest[1]})")
        by_site: dict[str, list[Failure]] = defaultdict(list)
        for failure in self.failures:
            by_site[failure.site].append(failure)
        lines.append(f"failures: {len(self.failures):,} at {len(by_site)} site(s)")
        for site, failures in sorted(by_site.items(), key=lambda item: -len(item[1])):
            first = failures[0]
            lines.append(f"  {len(failures):>5} × {site}: {first.detail}")
            lines.append(
                f"        e.g. input {first.index} ({first.format}, {first.sample}, {first.mutation}); replay: "
                f"python -m tools.fuzz_extract --seed {self.seed} --replay {first.index}"
            )
        return "\n".join(lines)


# --- samples: real files cut into small, well-formed pieces ---------------------------------------------------


def _chunks(items: list[bytes], size: int, limit: int) -> list[list[bytes]]:
    return [items[start : start + size] for start in range(0, len(items), size)][:limit]


def _xml_records(data: bytes, start_tag: bytes, per_sample: int, limit: int) -> list[bytes]:
    """Pieces of an XML file holding ``per_sample`` consecutive records (elements whose start tag matches the
    pattern ``start_tag``), each with the file's own prologue and closing root tag around them."""
    starts = [m.start() for m in re.finditer(rb"<(?:" + start_tag + rb")[\s>]", data)]
    root_end = data.rfind(b"</")
    if not starts or root_end < starts[-1]:
        return [data]
    head, tail = data[: starts[0]], data[root_end:]
    bounds = [*starts, root_end]
    pieces = []
    for first in range(0, len(starts), per_sample)[:limit]:
        stop = min(first + per_sample, len(starts))
        pieces.append(head + data[bounds[first] : bounds[stop]] + tail)
    return pieces


def _tar_gz(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, payload in members:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


def real_samples(shared: Path) -> list[Sample]:
    """Small pieces of every real sample of every format under ``shared`` (``seeds/`` and ``data/``).

    Raises
    ------
    FileNotFoundError
        If ``shared`` does not hold the datasets.

    Examples
    --------
    >>> samples = real_samples(Path(os.environ.get("GRAPHKIT_SHARED", "../shared")))  # doctest: +SKIP
    >>> sorted({s.format for s in samples})  # doctest: +SKIP
    ['arxiv-abs', 'arxiv-atom', 'arxiv-oai', 'arxiv-snapshot', 'bibtex', 'daily-feed', 'dblp', ...]
    """
    data = shared / "data"
    if not data.is_dir():
        raise FileNotFoundError(f"{data}: the shared datasets are not there; set GRAPHKIT_SHARED")
    samples: list[Sample] = []

    def add(fmt: str, name: str, payload: bytes, suffix: str) -> None:
        samples.append(Sample(fmt, name, payload, suffix))

    # Listing pages: each seed whole, and in pieces of about 60 lines.
    seed_formats = {"000": "profile-page", "001": "daily-feed", "003": "ranked-list"}
    for page in sorted((shared / "seeds").glob("*.txt")):
        fmt = seed_formats.get(page.name[:3])
        if fmt is None:
            continue
        page_lines = page.read_bytes().splitlines(keepends=True)
        add(fmt, page.name, b"".join(page_lines), ".txt")
        head = page_lines[:12] if fmt == "profile-page" else []
        for number, chunk in enumerate(_chunks(page_lines[len(head) :], 60, 6)):
            add(fmt, f"{page.name}#{number}", b"".join(head + chunk), ".txt")
    for path in sorted((data / "arxiv-api-atom").rglob("*")):
        if path.is_file() and path.stat().st_size <= 40_000:
            add("arxiv-atom", path.name, path.read_bytes(), path.suffix)
    snapshot = (data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl").read_bytes()
    for number, chunk in enumerate(_chunks(snapshot.splitlines(keepends=True), 8, 12)):
        add("arxiv-snapshot", f"snapshot#{number}", b"".join(chunk), ".jsonl")
    oai = (data / "arxiv-oai-pmh" / "ListRecords_metadataPrefix-arXiv_set-cs_page1.xml").read_bytes()
    for number, piece in enumerate(_xml_records(oai, b"record", 6, 10)):
        add("arxiv-oai", f"oai#{number}", piece, ".xml")
    bib = (data / "bibtex-ml" / "d2l.bib").read_bytes()
    entries = [b"@" + part for part in bib.split(b"\n@")[1:]]
    for number, chunk in enumerate(_chunks(entries, 12, 12)):
        add("bibtex", f"d2l#{number}", b"\n".join(chunk), ".bib")
    for path in sorted((data / "dblp").rglob("*.xml")):
        raw = path.read_bytes()
        if len(raw) < 20_000:
            add("dblp", path.name, raw, ".xml")
            continue
        publications = rb"article|inproceedings|incollection|proceedings|book|phdthesis|mastersthesis|www"
        for number, piece in enumerate(_xml_records(raw, publications, 8, 10)):
            add("dblp", f"{path.name}#{number}", piece, ".xml")
    works = json.loads((data / "openalex" / "works_page1_per25.json").read_bytes())
    results = works["results"]
    for number in range(0, len(results), 3):
        works_page = {**works, "results": results[number : number + 3]}
        add("openalex", f"works#{number // 3}", json.dumps(works_page).encode(), ".json")
    add("openalex", "works.jsonl", b"".join(json.dumps(w).encode() + b"\n" for w in results[:6]), ".jsonl")
    for s2_path in sorted((data / "semantic-scholar").glob("*.json")):
        for number, s2_piece in enumerate(_s2_pieces(json.loads(s2_path.read_bytes()))):
            add("s2", f"{s2_path.name}#{number}", json.dumps(s2_piece).encode(), ".json")
    abstracts = sorted((data / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz"))
    for archive_path in abstracts[:3]:
        with tarfile.open(archive_path) as archive:
            members = []
            for member in archive:
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is not None:
                    members.append((member.name, handle.read()))
                if len(members) >= 40:
                    break
        for name, payload in members[:30]:
            add("arxiv-abs", Path(name).name, payload, ".abs")
        add("arxiv-abs", f"{archive_path.name}[:10]", _tar_gz(members[:10]), ".tar.gz")
    citations = (data / "snap-cit-HepTh" / "cit-HepTh-subset-2000-2002_df_formatted.csv").read_bytes()
    header, *rows = citations.splitlines(keepends=True)
    for number, chunk in enumerate(_chunks(rows, 40, 10)):
        add("hepth-citations", f"citations#{number}", header + b"".join(chunk), ".csv")
    exports = data / "wos-scopus-medline"
    for name in ("testFile.isi", "ManyAuthors.isi"):
        wos = (exports / name).read_bytes()
        header, _, body = wos.partition(b"\nPT ")
        records = [b"PT " + part for part in body.split(b"\nPT ")]
        for number, chunk in enumerate(_chunks(records, 3, 8)):
            add("wos", f"{name}#{number}", header + b"\n" + b"\n".join(chunk).rstrip(b"\n") + b"\nEF\n", ".txt")
    scopus_rows = _csv_rows((exports / "scopus_testing.csv.scopus").read_bytes())
    for number, chunk in enumerate(_chunks(scopus_rows[1:], 3, 10)):
        add("scopus", f"scopus#{number}", scopus_rows[0] + b"".join(chunk), ".csv")
    medline = (exports / "medline_test.medline").read_bytes().strip().split(b"\n\nPMID- ")
    medline_records = [medline[0]] + [b"PMID- " + part for part in medline[1:]]
    for number, chunk in enumerate(_chunks(medline_records, 4, 10)):
        add("medline", f"medline#{number}", b"\n\n".join(chunk) + b"\n", ".txt")
    return samples


def _csv_rows(data: bytes) -> list[bytes]:
    """The rows of a CSV file as bytes, each with its line end (quoted fields may span lines)."""
    rows, start, quoted = [], 0, False
    for index, byte in enumerate(data):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            rows.append(data[start : index + 1])
            start = index + 1
    if start < len(data):
        rows.append(data[start:])
    return rows


def _s2_pieces(document: object) -> Iterator[object]:
    """A Semantic Scholar response cut to a few papers, in the shapes the API returns."""
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        for start in range(0, min(len(document["data"]), 12), 4):
            yield {**document, "data": document["data"][start : start + 4]}
    elif isinstance(document, dict):
        cut = {key: (value[:4] if isinstance(value, list) else value) for key, value in document.items()}
        yield cut
    elif isinstance(document, list):
        yield from document[:6]


# --- mutations ------------------------------------------------------------------------------------------------

_ODD_TEXT = [
    "\x00", "\ufeff", "\u202e", "\u2028", "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"), "\uffff",
    "e\u0301\u0301\u0301", "𝔊𝔯𝔞𝔭𝔥", "\x1b[31m", "\r", "\t\t", "&", "<", "{", "\\", "\"", "'", "%", "#",
]  # fmt: skip
_NUMBERS = [b"0", b"-1", b"99999", b"10000000000000000000000", b"1e309", b"NaN", b"0000", b"2023-02-30", b"13"]
_JSON_VALUES: list[object] = [None, True, 0, -1, 1.5, 10**30, "", "x" * 300, [], {}, [1, "a", None], {"a": [1]}]


def _flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] if data else data


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def _shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    start = rng.randrange(len(lines))
    window = lines[start : start + rng.randint(2, 30)]
    rng.shuffle(window)
    return b"".join(lines[:start] + window + lines[start + len(window) :])


def _drop_or_repeat_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    for _ in range(rng.randint(1, 6)):
        index = rng.randrange(len(lines))
        if rng.random() < 0.5 and len(lines) > 1:
            del lines[index]
        else:
            lines[index:index] = [lines[index]] * rng.randint(1, 50)
    return b"".join(lines)


def _odd_unicode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="surrogateescape")
    for _ in range(rng.randint(1, 10)):
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(_ODD_TEXT) * rng.randint(1, 3) + text[at:]
    return text.encode("utf-8", errors="surrogateescape")


def _foreign_bytes(rng: random.Random, data: bytes) -> bytes:
    """Bytes that are not UTF-8 (Latin-1 letters, a lone continuation byte, a UTF-16 BOM) at random places."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice([b"\xe9", b"\xfc", b"\x80", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80"]) + data[at:]
    return data


def _long_line(rng: random.Random, data: bytes) -> bytes:
    """A line or field of 150 KB to 1 MB (CSV readers stop at 128 KiB by default)."""
    at = rng.randrange(len(data) + 1)
    run = rng.choice([b"a", b"x ", b"\xc3\xa9", b"A, ", b"{", b"\\'"]) * rng.randint(150_000, 1_000_000)
    return data[:at] + run[:1_000_000] + data[at:]


def _numbers(rng: random.Random, data: bytes) -> bytes:
    """Digit runs (years, dates, counts, ids) replaced by out-of-range or malformed ones."""
    matches = list(re.finditer(rb"\d+", data))
    if not matches:
        return _flip_bytes(rng, data)
    for match in sorted(rng.sample(matches, min(len(matches), rng.randint(1, 6))), key=lambda m: -m.start()):
        data = data[: match.start()] + rng.choice(_NUMBERS) + data[match.end() :]
    return data


def _json_types(rng: random.Random, data: bytes) -> bytes:
    """JSON values swapped for values of other types (a list for a string, a number for an object…)."""
    try:
        document = json.loads(data)
        lines = None
    except (ValueError, RecursionError):
        try:
            lines = [json.loads(line) for line in data.splitlines() if line.strip()]
        except (ValueError, RecursionError):
            return _flip_bytes(rng, data)
        document = lines
    slots: list[tuple[object, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            slots.extend((node, key) for key in node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            slots.extend((node, index) for index in range(len(node)))
            for value in node:
                walk(value)

    walk(document)
    for container, key in rng.sample(slots, min(len(slots), rng.randint(1, 5))):
        container[key] = rng.choice(_JSON_VALUES)  # type: ignore[index]
    if lines is not None:
        return b"".join(json.dumps(line).encode() + b"\n" for line in lines)
    return json.dumps(document).encode()


def _deep_nesting(rng: random.Random, data: bytes) -> bytes:
    """Brackets or elements nested 10,000 to 200,000 deep at a random place."""
    depth = rng.randint(10_000, 200_000)
    opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}"), (b"<a>", b"</a>"), (b"{", b"}")])
    at = rng.randrange(len(data) + 1)
    return data[:at] + opener * depth + closer * (depth if rng.random() < 0.5 else 0) + data[at:]


def _xml_prologue(rng: random.Random, data: bytes) -> bytes:
    """A different XML declaration (an unknown or wrong encoding) or an entity-expansion DOCTYPE."""
    body = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data, count=1)
    choice = rng.randrange(4)
    if choice == 0:
        encoding = rng.choice([b"x-unknown", b"UTF-16", b"ebcdic-cp-us", b"utf-32", b"koi8-r", b""])
        return b'<?xml version="1.0" encoding="' + encoding + b'"?>' + body
    if choice == 1:  # the classic exponential entity expansion
        lol = b'<!ENTITY a0 "lol">' + b"".join(
            b'<!ENTITY a%d "%s">' % (i, b"".join(b"&a%d;" % (i - 1) for _ in range(10))) for i in range(1, 10)
        )
        return b'<?xml version="1.0"?><!DOCTYPE d [' + lol + b"]>" + body.replace(b">", b">&a9;", 3)
    if choice == 2:  # an external entity
        return b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + body.replace(
            b">", b">&x;", 2
        )
    return body.decode("utf-8", errors="replace").encode("utf-16")


def _gzip(rng: random.Random, data: bytes) -> bytes:
    """The input gzip-compressed, then sometimes cut short or damaged."""
    packed = gzip.compress(data, mtime=0)
    roll = rng.random()
    if roll < 0.4:
        return packed[: rng.randrange(2, len(packed))]
    if roll < 0.8:
        return _flip_bytes(rng, packed[:10]) + _flip_bytes(rng, packed[10:])
    return packed


Mutation = Callable[[random.Random, bytes], bytes]
MUTATIONS: dict[str, Mutation] = {
    "flip-bytes": _flip_bytes,
    "truncate": _truncate,
    "shuffle-lines": _shuffle_lines,
    "drop-repeat-lines": _drop_or_repeat_lines,
    "odd-unicode": _odd_unicode,
    "foreign-bytes": _foreign_bytes,
    "long-line": _long_line,
    "numbers": _numbers,
    "json-types": _json_types,
    "deep-nesting": _deep_nesting,
    "xml-prologue": _xml_prologue,
    "gzip": _gzip,
}
"""Every mutation by name; an input applies one to three of them to one sample."""

_JSON_FORMATS = frozenset({"openalex", "s2", "arxiv-snapshot", "arxiv-atom"})
_XML_FORMATS = frozenset({"arxiv-oai", "arxiv-atom", "dblp"})


def make_input(samples: list[Sample], seed: int, index: int) -> tuple[Sample, list[str], bytes, str]:
    """Input ``index`` of campaign ``seed``: the sample, the mutations applied, the bytes, the format to name.

    The format named is the sample's own, or ``"auto"`` for one input in four.
    """
    rng = random.Random(f"{seed}:{index}")
    # Formats take turns, so each gets its share however many samples it has.
    formats = sorted({s.format for s in samples})
    sample = rng.choice([s for s in samples if s.format == formats[index % len(formats)]])
    names = [name for name in MUTATIONS if _applies(name, sample)]
    chosen = rng.sample(names, rng.choice([1, 1, 1, 2, 3]))
    if "gzip" in chosen:  # compression is the last step: it mutates the compressed bytes
        chosen = [name for name in chosen if name != "gzip"] + ["gzip"]
    data = sample.data
    for name in chosen:
        data = MUTATIONS[name](rng, data)
    return sample, chosen, data, "auto" if rng.random() < 0.25 else sample.format


def _applies(mutation: str, sample: Sample) -> bool:
    if mutation == "json-types":
        return sample.format in _JSON_FORMATS
    if mutation == "xml-prologue":
        return sample.format in _XML_FORMATS
    if mutation == "gzip":
        return not sample.suffix.endswith(".gz")
    return True


# --- running --------------------------------------------------------------------------------------------------


class _TooSlow(BaseException):
    """Raised by the alarm inside an input that runs past the time limit (a BaseException, so no handler in the
    code under test can swallow it)."""


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _TooSlow


def _site(error: BaseException) -> str:
    """The innermost frame in graphkit's own code (else the innermost frame) as ``file:line in function``."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if f"{os.sep}graphkit{os.sep}" in f.filename] or frames
    frame = own[-1]
    short = frame.filename.split(f"{os.sep}graphkit{os.sep}")[-1]
    return f"{short}:{frame.lineno} in {frame.name} ({type(error).__name__})"


def run_one(path: Path, fmt: str, time_limit: float) -> tuple[str, float, BaseException | None]:
    """Extract one file; the outcome (``records``, ``skips-only``, ``error``, ``crash``, ``slow``), seconds, and the
    exception for a crash."""
    use_alarm = hasattr(signal, "SIGALRM") and os.name == "posix"
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, time_limit + 5)
    started = time.perf_counter()
    error: BaseException | None = None
    try:
        result = extract(path, format=fmt)
        outcome, error = ("records" if result.records else "skips-only"), None
    except GraphkitError:
        outcome, error = "error", None
    except _TooSlow as e:
        outcome, error = "slow", e
    except Exception as e:  # the point of the campaign is to catch everything else
        outcome, error = "crash", e
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    seconds = time.perf_counter() - started
    if outcome != "crash" and seconds > time_limit:
        outcome = "slow"
    return outcome, seconds, error


def _run_range(samples: list[Sample], seed: int, indexes: range, time_limit: float) -> FuzzReport:
    """The campaign's inputs ``indexes`` (one worker's share)."""
    report = FuzzReport(seed=seed)
    with tempfile.TemporaryDirectory(prefix="graphkit-fuzz-") as work:
        for index in indexes:
            sample, chosen, data, fmt = make_input(samples, seed, index)
            suffix = sample.suffix + (".gz" if "gzip" in chosen else "")
            path = Path(work) / f"input-{index}{suffix}"
            path.write_bytes(data)
            outcome, seconds, error = run_one(path, fmt, time_limit)
            path.unlink()
            report.tried[sample.format] += 1
            report.mutations.update(chosen)
            report.outcomes[outcome] += 1
            label = f"input {index}: {sample.format}, {sample.name}, {'+'.join(chosen)}"
            if seconds > report.slowest[0]:
                report.slowest = (seconds, label)
            if outcome in ("crash", "slow"):
                site = _site(error) if outcome == "crash" and error is not None else f"over {time_limit:g} s"
                detail = f"{error}"[:160] if outcome == "crash" else f"{seconds:.1f} s"
                report.failures.append(Failure(index, sample.format, sample.name, "+".join(chosen), site, detail))
    return report


def _merge(into: FuzzReport, part: FuzzReport) -> None:
    into.tried.update(part.tried)
    into.mutations.update(part.mutations)
    into.outcomes.update(part.outcomes)
    into.failures.extend(part.failures)
    into.slowest = max(into.slowest, part.slowest)


def run_campaign(
    samples: list[Sample],
    *,
    inputs: int,
    seed: int = 0,
    time_limit: float = TIME_LIMIT_S,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> FuzzReport:
    """Run ``inputs`` mutated samples through extraction and report what happened.

    With ``workers`` above 1 the inputs are shared among that many processes; the report is the same, since
    input ``i`` does not depend on who runs it. ``progress`` is called with the number of inputs done.

    Examples
    --------
    >>> report = run_campaign(real_samples(Path("../shared")), inputs=50)  # doctest: +SKIP
    >>> report.failures  # doctest: +SKIP
    []
    """
    report = FuzzReport(seed=seed)
    batches = [range(start, min(start + 250, inputs)) for start in range(0, inputs, 250)]
    done = 0
    if workers <= 1:
        for batch in batches:
            _merge(report, _run_range(samples, seed, batch, time_limit))
            done += len(batch)
            if progress is not None:
                progress(done)
    else:
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_run_range, samples, seed, batch, time_limit) for batch in batches]
            for future in concurrent.futures.as_completed(futures):
                part = future.result()
                _merge(report, part)
                done += sum(part.tried.values())
                if progress is not None:
                    progress(done)
    report.failures.sort(key=lambda failure: failure.index)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: run a campaign (or replay one input) and print the report; exit 1 on any failure."""
    parser = argparse.ArgumentParser(prog="python -m tools.fuzz_extract", description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=20_000, help="inputs to try (default 20,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT_S, help="seconds one input may take")
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("GRAPHKIT_SHARED", "../shared")))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)")
    parser.add_argument("--replay", type=int, help="run only this input, with its traceback")
    parser.add_argument("--write", type=Path, help="with --replay: also save the input to this file")
    args = parser.parse_args(argv)
    samples = real_samples(args.shared)
    if args.replay is not None:
        sample, chosen, data, fmt = make_input(samples, args.seed, args.replay)
        print(f"input {args.replay}: {sample.format} {sample.name} {'+'.join(chosen)} --format {fmt}")
        with tempfile.TemporaryDirectory() as work:
            path = Path(work) / f"input{sample.suffix}{'.gz' if 'gzip' in chosen else ''}"
            path.write_bytes(data)
            if args.write:
                args.write.write_bytes(data)
            outcome, seconds, error = run_one(path, fmt, args.time_limit)
        print(f"{outcome} in {seconds:.2f} s")
        if error is not None:
            traceback.print_exception(error)
        return 1 if outcome in ("crash", "slow") else 0
    print(
        f"{len(samples)} samples: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(s.format for s in samples).items()))
    )
    report = run_campaign(
        samples,
        inputs=args.inputs,
        seed=args.seed,
        time_limit=args.time_limit,
        workers=args.workers,
        progress=lambda done: print(f"  {done:,} inputs", file=sys.stderr),
    )
    print(report.summary())
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
