"""Extraction growth curve: every format read at 1×, 2×, 4× and 8× a base size (issue 13).

Each input is a real sample of the format with its records repeated (the file's own head and tail kept around
them), so the records are real and only their number grows. Records are streamed (``iter_records``, as ``build``
reads them), not collected, so the figure is the extractor's own. For each format and size: records read, seconds
(median of ``--runs``) and microseconds per record; ``growth`` is the time per record at the largest size over the
time per record at the smallest (the baseline, measured in the same run). Linear extraction keeps ``growth`` near
1; quadratic extraction doubles it with every doubling of the input (8× the records: about 8).

Usage::

    .venv/bin/python benchmarks/bench_extract.py --records 4000 --runs 3
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import re
import statistics
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graphkit.core.models import FileReport
from graphkit.extract import iter_records

Builder = Callable[[int], tuple[bytes, str]]
"""Makes an input of about ``n`` records: its bytes and its file suffix."""


def _repeat_to(items: list[bytes], n: int) -> list[bytes]:
    return [items[i % len(items)] for i in range(n)]


def _records_between(data: bytes, start: bytes, tail: bytes) -> tuple[bytes, list[bytes], bytes]:
    """A file's head, its records (each from one start tag to the next) and its tail (from the last ``tail`` on,
    the closing tags of the containers)."""
    starts = [m.start() for m in re.finditer(start, data)]
    tail_start = data.rfind(tail)
    bounds = [*starts, tail_start]
    return data[: starts[0]], [data[a:b] for a, b in itertools.pairwise(bounds)], data[tail_start:]


def builders(shared: Path) -> dict[str, Builder]:
    """One input builder per format, from the real samples under ``shared``."""
    data = shared / "data"
    built: dict[str, Builder] = {}

    def xml(fmt: str, path: Path, start: bytes, tail: bytes) -> None:
        head, records, end = _records_between(path.read_bytes(), start, tail)
        built[fmt] = lambda n: (head + b"".join(_repeat_to(records, n)) + end, ".xml")

    oai = data / "arxiv-oai-pmh" / "ListRecords_metadataPrefix-arXiv_set-cs_page1.xml"
    xml("arxiv-oai", oai, rb"<record>", b"</ListRecords>")
    atom = data / "arxiv-api-atom" / "xml-2026" / "q_testing_s0_m100_cfe7536492ca.xml"
    xml("arxiv-atom", atom, rb"<entry>", b"</feed>")
    publication = rb"<(?:article|inproceedings|incollection|proceedings|book|phdthesis|mastersthesis|www)[\s>]"
    xml("dblp", data / "dblp" / "2015-excerpt" / "dblp2.xml", publication, b"</dblp>")
    snapshot = (data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl").read_bytes()
    lines = snapshot.splitlines(keepends=True)
    built["arxiv-snapshot"] = lambda n: (b"".join(_repeat_to(lines, n)), ".jsonl")
    works = json.loads((data / "openalex" / "works_page1_per25.json").read_bytes())["results"]
    work_lines = [json.dumps(w).encode() + b"\n" for w in works]
    built["openalex"] = lambda n: (b"".join(_repeat_to(work_lines, n)), ".jsonl")
    bib = (data / "bibtex-ml" / "d2l.bib").read_bytes()
    entries = [b"@" + e + b"\n" for e in bib.split(b"\n@")[1:]]
    built["bibtex"] = lambda n: (b"".join(_repeat_to(entries, n)), ".bib")
    csv_lines = (data / "snap-cit-HepTh" / "cit-HepTh-subset-2000-2002_df_formatted.csv").read_bytes().splitlines(True)
    built["hepth-citations"] = lambda n: (csv_lines[0] + b"".join(_repeat_to(csv_lines[1:], n)), ".csv")
    members: list[bytes] = []
    with tarfile.open(sorted((data / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz"))[0]) as archive:
        for member in archive:
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None and len(members) < 500:
                members.append(handle.read())

    def abs_archive(n: int) -> tuple[bytes, str]:
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as out:
            for index, payload in enumerate(_repeat_to(members, n)):
                info = tarfile.TarInfo(f"{index:07d}.abs")
                info.size = len(payload)
                out.addfile(info, io.BytesIO(payload))
        return buffer.getvalue(), ".tar.gz"

    built["arxiv-abs"] = abs_archive
    seeds = {page.name[:3]: page for page in (shared / "seeds").glob("*.txt")}
    ranked = seeds["003"].read_bytes().splitlines(keepends=True)
    ranked_entries = [b"".join(ranked[i : i + 3]) for i in range(0, len(ranked) - 2, 3)]
    built["ranked-list"] = lambda n: (b"".join(_repeat_to(ranked_entries, n)), ".txt")
    return built


def measure(fmt: str, build: Builder, n: int, runs: int, work: Path) -> dict[str, float]:
    """Records read from an input of about ``n`` records, median seconds over ``runs``, microseconds per record."""
    payload, suffix = build(n)
    path = work / f"input{suffix}"
    path.write_bytes(payload)
    times, records = [], 0
    for _ in range(runs):
        reports: list[FileReport] = []
        started = time.perf_counter()
        for _record in iter_records([path], format=fmt, reports=reports):
            pass
        times.append(time.perf_counter() - started)
        records = sum(r.records + len(r.skipped) for r in reports)
    seconds = statistics.median(times)
    return {"records": records, "seconds": round(seconds, 3), "us_per_record": round(1e6 * seconds / records, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=4000, help="records at 1× (default 4,000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("GRAPHKIT_SHARED", "../shared")))
    parser.add_argument("--formats", nargs="*", help="only these formats")
    args = parser.parse_args()
    report: dict[str, object] = {"records_at_1x": args.records, "runs": args.runs, "formats": {}}
    formats: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as work:
        for fmt, build in builders(args.shared).items():
            if args.formats and fmt not in args.formats:
                continue
            curve = {f"{k}x": measure(fmt, build, args.records * k, args.runs, Path(work)) for k in (1, 2, 4, 8)}
            growth = curve["8x"]["us_per_record"] / curve["1x"]["us_per_record"]
            formats[fmt] = {"curve": curve, "growth": round(growth, 2)}
            print(f"{fmt:<16} growth {growth:5.2f}  " + "  ".join(
                f"{k}: {v['records']:>7,} in {v['seconds']:6.2f} s" for k, v in curve.items()
            ), flush=True)  # fmt: skip
    report["formats"] = formats
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
