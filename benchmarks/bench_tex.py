"""TeX decoding on the real corpora: graphkit's rules-then-parser against pylatexenc alone (issue 13).

Collects every title and author header of the hep-th ``.abs`` corpus, every title and author field of the
BibTeX sample and every title and author string of the arXiv snapshot sample, keeps those holding TeX markup,
and decodes each with :func:`graphkit.core.text.decode_tex` and with pylatexenc's ``LatexNodes2Text`` alone
(math kept verbatim, ties as spaces). Reports per corpus: strings, strings with TeX, time per string of each
(median of ``--runs``; caches cleared between runs), how often the two agree, and how many results still hold a
TeX command outside math (residue). The baseline is pylatexenc, measured in the same run.

Usage::

    .venv/bin/python benchmarks/bench_tex.py --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson
from pylatexenc.latex2text import LatexNodes2Text

from graphkit.core import text as text_module
from graphkit.extract.hepth import parse_abs

_MARKUP = re.compile(r"[\\{}~]|[A-Za-z]\"[aouAOU]")
_MATH = re.compile(r"\$\$.*?\$\$|\$.*?\$", re.S)
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[&%#_{}])")


def hepth_strings(data: Path) -> list[str]:
    strings = []
    for archive_path in sorted((data / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz")):
        with tarfile.open(archive_path) as archive:
            for member in archive:
                handle = archive.extractfile(member) if member.isfile() else None
                if handle is not None:
                    fields = parse_abs(handle.read().decode("utf-8", errors="replace"))
                    strings += [fields[k] for k in ("Title", "Authors", "Author") if fields.get(k)]
    return strings


def bibtex_strings(data: Path) -> list[str]:
    text = (data / "bibtex-ml" / "d2l.bib").read_text("utf-8")
    return [m[1] for m in re.finditer(r"(?im)^\s*(?:title|author)\s*=\s*[{\"](.*)[}\"],?\s*$", text)]


def snapshot_strings(data: Path) -> list[str]:
    path = data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    return [row[k] for row in rows for k in ("title", "authors") if row.get(k)]


def _pylatexenc() -> Callable[[str], str]:
    converter = LatexNodes2Text(math_mode="verbatim")
    return lambda text: converter.latex_to_text(text).replace("\xa0", " ")


def _timed(
    decode: Callable[[str], str], strings: list[str], runs: int, clear: Callable[[], None]
) -> tuple[float, list[str]]:
    times, out = [], []
    for _ in range(runs):
        clear()
        started = time.perf_counter()
        out = [decode(s) for s in strings]
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def _residue(text: str) -> bool:
    return bool(_COMMAND.search(_MATH.sub("", text)))


def measure(name: str, strings: list[str], runs: int) -> dict[str, object]:
    tex = [s for s in strings if _MARKUP.search(s)]
    ours_s, ours = _timed(text_module.decode_tex, tex, runs, text_module._decode_tex.cache_clear)
    theirs_s, theirs = _timed(_pylatexenc(), tex, runs, lambda: None)
    same = sum(" ".join(a.split()) == " ".join(b.split()) for a, b in zip(ours, theirs, strict=True))
    return {
        "corpus": name,
        "strings": len(strings),
        "with_tex": len(tex),
        "graphkit_us_per_string": round(ours_s / max(len(tex), 1) * 1e6, 1),
        "pylatexenc_us_per_string": round(theirs_s / max(len(tex), 1) * 1e6, 1),
        "speedup": round(theirs_s / ours_s, 1) if ours_s else None,
        "agree": same,
        "graphkit_residue": sum(_residue(t) for t in ours),
        "pylatexenc_residue": sum(_residue(t) for t in theirs),
        "differ_examples": [
            {"input": s, "graphkit": a, "pylatexenc": b}
            for s, a, b in zip(tex, ours, theirs, strict=True)
            if " ".join(a.split()) != " ".join(b.split())
        ][:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("GRAPHKIT_SHARED", Path(__file__).parents[2] / "shared"))
    )
    args = parser.parse_args()
    data = args.shared / "data"
    for name, collect in (("hep-th", hepth_strings), ("bibtex", bibtex_strings), ("arxiv-snapshot", snapshot_strings)):
        print(json.dumps(measure(name, collect(data), args.runs), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
