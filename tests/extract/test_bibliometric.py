"""Web of Science, Scopus and PubMed exports read into records, with exact counts on the four real files.

Each count is checked against what the file says of itself where it can be (its ``AF``/``CR`` lines, ``NR``, the
CSV's cells), so that a figure is not only the one the code happened to produce.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graphkit.core.models import PaperRecord
from graphkit.extract import detect_format, extract
from graphkit.extract.tagged import TaggedBlock, read_tagged


@pytest.fixture(scope="module")
def exports(shared_data: Path) -> Path:
    return shared_data / "wos-scopus-medline"


def _counts(papers: list[PaperRecord]) -> dict[str, int]:
    return {
        "records": len(papers),
        "authorships": sum(len(p.authors) for p in papers),
        "short_forms": sum(1 for p in papers for a in p.authors if a.short_name),
        "affiliations_tied": sum(len(a.affiliations) for p in papers for a in p.authors),
        "authors_with_affiliation": sum(1 for p in papers for a in p.authors if a.affiliations),
        "paper_affiliations": sum(len(p.affiliations) for p in papers),
        "references": sum(len(p.references) for p in papers),
        "references_with_doi": sum(1 for p in papers for r in p.references if r.ids.doi),
        "keywords": sum(len(p.keywords) for p in papers),
        "indexed_terms": sum(len(p.indexed_terms) for p in papers),
    }


def _kept_blocks(path: Path, skipped_starts: set[int]) -> list[TaggedBlock]:
    """The Web of Science blocks of ``path`` but those starting at ``skipped_starts``."""
    blocks = [b for b in read_tagged(path.read_text("utf-8").splitlines(), "wos") if isinstance(b, TaggedBlock)]
    return [b for b in blocks if b.line not in skipped_starts]


def test_web_of_science_plain_text(exports: Path) -> None:
    path = exports / "testFile.isi"
    assert detect_format(path) == "wos"
    result = extract(path)
    report = result.reports[0]
    # The two malformed records, each with its line and what to do.
    assert [(s.line, s.reason.split(";")[0]) for s in report.skipped] == [
        (13, "record starting at line 3: it states NR 104 cited references but its CR field holds 1, and 104 "
             "reference-shaped line(s) sit under C1 from line 13 (the CR tag is out of place)"),
        (416, "record starting at line 415: line 416 is not a field line (a two-letter tag, a space, the value) "
              "('AUGilles, H')"),
    ]  # fmt: skip
    assert all("extract again" in s.reason for s in report.skipped)
    assert _counts(result.papers) == {
        "records": 32, "authorships": 71, "short_forms": 6, "affiliations_tied": 6, "authors_with_affiliation": 6,
        "paper_affiliations": 32, "references": 870, "references_with_doi": 384, "keywords": 13, "indexed_terms": 48,
    }  # fmt: skip
    kept = _kept_blocks(path, {3, 415})
    assert len(kept) == 32
    assert _counts(result.papers)["references"] == sum(len(b.values("CR")) for b in kept)
    assert _counts(result.papers)["authorships"] == sum(len(b.values("AF") or b.values("AU")) for b in kept)
    # Native ids: 31 of the 32 records carry a UT (the file holds 33 UT lines for its 34 records).
    assert sum(p.ids.wos is not None for p in result.papers) == 31
    first = result.papers[0]
    assert (first.venue, first.venue_abbrev, first.volume, first.issue, first.pages, first.cited_by_count) == (
        "JOURNAL OF THE OPTICAL SOCIETY OF AMERICA", "J OPT SOC AM", "67", "10", "1307-1314", 80)  # fmt: skip
    assert [(i.name, i.country) for i in first.affiliations] == [("OAK RIDGE NATL LAB", "USA"),
                                                                 ("BORIS KIDRIC INST", "YUGOSLAVIA")]  # fmt: skip


def test_web_of_science_long_author_lists(exports: Path) -> None:
    path = exports / "ManyAuthors.isi"
    result = extract(path)
    assert result.reports[0].skipped == []
    counts = _counts(result.papers)
    assert counts == {
        "records": 500, "authorships": 3351, "short_forms": 1714, "affiliations_tied": 1232,
        "authors_with_affiliation": 1140, "paper_affiliations": 758, "references": 40321,
        "references_with_doi": 25469, "keywords": 1207, "indexed_terms": 3569,
    }  # fmt: skip
    blocks = _kept_blocks(path, set())
    assert counts["references"] == sum(int(b.text("NR") or 0) for b in blocks)  # what each record says it cites
    assert max(len(p.authors) for p in result.papers) == 177
    # Every tied institution is tied to a byline name; the AU short form sits beside its AF name.
    for paper, block in zip(result.papers, blocks, strict=True):
        assert [a.name for a in paper.authors] == block.values("AF")
        assert [a.short_name or a.name for a in paper.authors] == block.values("AU")
        assert paper.ids.wos == (block.text("UT") or "").removeprefix("WOS:")
        assert paper.cited_by_count == int(block.text("TC") or 0)


def test_scopus_csv(exports: Path) -> None:
    path = exports / "scopus_testing.csv.scopus"
    assert detect_format(path) == "scopus"
    before = csv.field_size_limit()
    result = extract(path)
    assert csv.field_size_limit() == before  # the limit is raised while the export is read, then put back
    assert result.reports[0].skipped == []
    counts = _counts(result.papers)
    assert counts == {
        "records": 220, "authorships": 2031, "short_forms": 2027, "affiliations_tied": 1962,
        "authors_with_affiliation": 1957, "paper_affiliations": 0, "references": 10412, "references_with_doi": 261,
        "keywords": 287, "indexed_terms": 7653,
    }  # fmt: skip
    limit = csv.field_size_limit(1 << 30)  # Scopus fields run past the csv module's default limit
    try:
        rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    finally:
        csv.field_size_limit(limit)
    assert counts["references"] == sum(len([r for r in row["References"].split("; ") if r.strip()]) for row in rows)
    assert [p.ids.scopus for p in result.papers] == [row["EID"] for row in rows]
    assert all(re.search(p.ids.scopus or "-", row["Link"]) for p, row in zip(result.papers, rows, strict=True))
    first = result.papers[0]
    assert first.authors[0].name == "Yagai, T." and first.authors[0].short_name == "Yagai T."
    assert [i.name for i in first.authors[0].affiliations] == ["Sophia University"]
    assert first.venue_abbrev == "IEEE Trans Appl Supercond" and first.pages == "7433444"
    described = [r for p in result.papers for r in p.references if r.first_author and r.year]
    assert len(described) == 9886


def test_pubmed_medline(exports: Path) -> None:
    path = exports / "medline_test.medline"
    assert detect_format(path) == "medline"
    result = extract(path)
    assert result.reports[0].skipped == []
    counts = _counts(result.papers)
    assert counts == {
        "records": 175, "authorships": 1275, "short_forms": 1275, "affiliations_tied": 1280,
        "authors_with_affiliation": 1183, "paper_affiliations": 0, "references": 0, "references_with_doi": 0,
        "keywords": 650, "indexed_terms": 0,
    }  # fmt: skip
    text = path.read_text("utf-8")
    assert counts["authorships"] == len(re.findall(r"^FAU - ", text, flags=re.MULTILINE))
    assert counts["keywords"] == len(re.findall(r"^OT  - ", text, flags=re.MULTILINE))
    assert sum(p.ids.pmid is not None for p in result.papers) == 175
    assert sum(p.ids.doi is not None for p in result.papers) == 171
    first = result.papers[0]
    assert first.authors[0].name == "Gadzalski, Marek" and first.authors[0].short_name == "Gadzalski M"
    assert [(i.name, i.country) for i in first.authors[0].affiliations] == [("University of Lodz", "Poland")]
    assert str(first.date) == "2016-01-15" and first.venue_abbrev == "Gene" and first.pages == "466-75"


def test_tab_delimited_web_of_science_reads_as_plain_text(exports: Path, tmp_path: Path) -> None:
    """The tab-delimited export holds the same tags, one row per record, multi-valued fields ``; ``-separated:
    written from the plain-text file's own blocks, it gives the same records (UTF-16, as WoS writes it for Windows)."""
    source = exports / "ManyAuthors.isi"
    blocks = _kept_blocks(source, set())[:40]
    tags = list(dict.fromkeys(tag for block in blocks for tag in block.fields))
    multi = {"AU", "AF", "C1", "CR"}
    rows = ["\t".join(tags)]
    for block in blocks:
        cells = ["; ".join(block.values(t)) if t in multi else " ".join(block.texts(t)) for t in tags]
        rows.append("\t".join(cells))
    tab = tmp_path / "savedrecs.txt"
    tab.write_bytes(("\n".join(rows) + "\n").encode("utf-16"))
    assert detect_format(tab) == "wos"
    from_tab = extract(tab).papers
    from_plain = extract(source).papers[:40]
    assert len(from_tab) == 40
    for a, b in zip(from_tab, from_plain, strict=True):
        assert a.model_dump(exclude={"provenance", "abstract", "title", "keywords", "indexed_terms"}) == b.model_dump(
            exclude={"provenance", "abstract", "title", "keywords", "indexed_terms"}
        )
