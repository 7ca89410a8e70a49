"""Hostile and damaged input, one test per defect class the fuzz campaign found, on the real samples.

Each class: the damaged record is skipped (or kept with the bad field dropped) and reported with its file and
line, the records around it are still read, and an unreadable file is one clear error — never a traceback.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
from pathlib import Path

import pytest

from graphkit.core.errors import InputFileError
from graphkit.extract import extract, textio

OAI = "arxiv-oai-pmh/ListRecords_metadataPrefix-arXiv_set-cs_page1.xml"
ATOM = "arxiv-api-atom/xml-2026/q_testing_s0_m10_bc5a6c384fe9.xml"
DBLP = "dblp/2015-excerpt/dblp2.xml"
OPENALEX = "openalex/works_page1_per25.json"
S2_PAPER = "semantic-scholar/Paper.json"
CITATIONS = "snap-cit-HepTh/cit-HepTh-subset-2000-2002_df_formatted.csv"


def _works(shared_data: Path) -> list[dict[str, object]]:
    works: list[dict[str, object]] = json.loads((shared_data / OPENALEX).read_bytes())["results"]
    return works


def _jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


# --- dates and years that do not exist ---------------------------------------------------------------------------


def test_impossible_dates_keep_the_record_undated_and_say_so(shared_data: Path, tmp_path: Path) -> None:
    works = _works(shared_data)[:3]
    works[1]["publication_date"] = "2023-02-30"
    result = extract(_jsonl(tmp_path / "works.jsonl", [json.dumps(w).encode() for w in works]), format="openalex")
    assert [p.date is None for p in result.papers] == [False, True, False]
    assert result.skipped == []
    assert any("line 2: publication_date '2023-02-30' is not a date" in w for w in result.reports[0].warnings)


def test_out_of_range_years_in_xml_and_json(shared_data: Path, tmp_path: Path) -> None:
    oai = (shared_data / OAI).read_bytes().replace(b"<created>2007-03-30</created>", b"<created>99999-03-30</created>")
    (tmp_path / "oai.xml").write_bytes(oai)
    result = extract(tmp_path / "oai.xml", format="arxiv-oai")
    assert result.papers[0].date is None and result.papers[1].date is not None
    assert any("99999-03-30" in w for w in result.reports[0].warnings)

    papers = json.loads((shared_data / S2_PAPER).read_bytes())
    papers["year"], papers["publicationDate"] = 10**30, None
    (tmp_path / "paper.json").write_text(json.dumps(papers))
    result = extract(tmp_path / "paper.json", format="s2")
    assert result.papers[0].date is None and result.skipped == []

    dblp = re.sub(rb"<year>\d+</year>", b"<year>0</year>", (shared_data / DBLP).read_bytes(), count=1)
    (tmp_path / "dblp.xml").write_bytes(dblp)
    result = extract(tmp_path / "dblp.xml", format="dblp")
    assert result.papers[0].date is None and all(p.date for p in result.papers[1:10])


# --- JSON of the wrong shape ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("authorships", "not a list"), ("abstract_inverted_index", {"word": [[1]]}), ("display_name", ["a", "b"])],
)
def test_a_work_with_fields_of_the_wrong_type_is_one_skip(
    shared_data: Path, tmp_path: Path, field: str, value: object
) -> None:
    works = _works(shared_data)[:4]
    works[2][field] = value
    result = extract(_jsonl(tmp_path / "works.jsonl", [json.dumps(w).encode() for w in works]), format="openalex")
    assert len(result.papers) == 3
    (skip,) = result.skipped
    assert skip.line == 3 and "wrong type or shape" in skip.reason


def test_semantic_scholar_items_of_the_wrong_shape(shared_data: Path, tmp_path: Path) -> None:
    paper = json.loads((shared_data / S2_PAPER).read_bytes())
    cited = len(paper["references"])
    paper["references"][0] = ["not", "a", "paper"]
    paper["references"][1]["externalIds"] = {"ArXiv": 1.5}
    (tmp_path / "paper.json").write_text(json.dumps(paper))
    result = extract(tmp_path / "paper.json", format="s2")
    assert len(result.skipped) == 2 and all("wrong type or shape" in s.reason for s in result.skipped)
    assert len(result.papers) == 1 + (cited - 2) + len(paper["citations"])


# --- nesting -------------------------------------------------------------------------------------------------------


def test_json_nested_deeper_than_python_reads_is_a_reported_line(shared_data: Path, tmp_path: Path) -> None:
    works = [json.dumps(w).encode() for w in _works(shared_data)[:3]]
    works.insert(1, b"[" * 200_000 + b"]" * 200_000)
    result = extract(_jsonl(tmp_path / "works.jsonl", works), format="openalex")
    assert len(result.papers) == 3
    (skip,) = result.skipped
    assert skip.line == 2 and "nested too deeply" in skip.reason


def test_xml_nested_deeper_than_the_limit_stops_with_the_count_of_lost_records(
    shared_data: Path, tmp_path: Path
) -> None:
    data = (shared_data / OAI).read_bytes()
    records = data.count(b"<record>")
    third = [m.start() for m in re.finditer(rb"<record>", data)][2]
    (tmp_path / "oai.xml").write_bytes(data[:third] + b"<a>\n" * 5000 + data[third:])
    result = extract(tmp_path / "oai.xml", format="arxiv-oai")
    assert len(result.records) + sum("deleted" in s.reason for s in result.skipped) == 2
    broken = result.skipped[-1]
    assert f"nested more than {1000:,} deep" in broken.reason
    assert f"{records - 2:,} more <record> record(s) after this point are lost" in broken.reason
    # Two elements enclose the records; the <a> that is the 1,001st level down is the one reported.
    assert broken.line == data[:third].count(b"\n") + (1000 - 2) + 1


# --- bytes that are not UTF-8 --------------------------------------------------------------------------------------


def test_a_json_lines_line_that_is_not_utf8_is_one_skip(shared_data: Path, tmp_path: Path) -> None:
    works = [json.dumps(w).encode() for w in _works(shared_data)[:3]]
    works[1] = works[1].replace(b'"title"', b'"t\xe9tle"', 1)
    result = extract(_jsonl(tmp_path / "works.jsonl", works), format="openalex")
    assert len(result.papers) == 2
    (skip,) = result.skipped
    assert skip.line == 2 and "not valid UTF-8" in skip.reason


def test_a_json_document_that_is_not_utf8_is_one_error_naming_the_line(shared_data: Path, tmp_path: Path) -> None:
    page = (shared_data / OPENALEX).read_bytes()
    at = page.index(b'"title"', 5000)
    (tmp_path / "works.json").write_bytes(page[:at] + b"\xff" + page[at:])
    with pytest.raises(InputFileError, match=r"works.json: not valid UTF-8 at line \d+ \(byte [\d,]+\)"):
        extract(tmp_path / "works.json", format="openalex")


def test_citation_rows_that_are_not_utf8_or_too_long_are_skipped_by_line(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / CITATIONS).read_bytes().splitlines()[:50]
    lines[10] = lines[10] + b"\xe9"
    lines[20] = lines[20] + b',"' + b"x" * 200_000 + b'"'
    (tmp_path / "cites.csv").write_bytes(b"\n".join(lines) + b"\n")
    result = extract(tmp_path / "cites.csv", format="hepth-citations")
    assert [(s.line, s.reason.split(" (")[0].split(" at ")[0]) for s in result.skipped] == [
        (11, "not valid UTF-8"),
        (21, "not a CSV row"),
    ]
    assert len(result.records) == 47


def test_an_abs_file_that_is_not_utf8_is_a_skip_and_its_archive_goes_on(shared_data: Path, tmp_path: Path) -> None:
    archive_path = sorted((shared_data / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz"))[0]
    with tarfile.open(archive_path) as archive:
        members = [(m, archive.extractfile(m).read()) for m in list(archive)[:6] if m.isfile()]  # type: ignore[union-attr]
    with tarfile.open(tmp_path / "abs.tar.gz", "w:gz") as out:
        for index, (member, payload) in enumerate(members):
            payload = payload.replace(b"Title:", b"Title: Caf\xe9", 1) if index == 2 else payload
            member.size = len(payload)
            out.addfile(member, io.BytesIO(payload))
    result = extract(tmp_path / "abs.tar.gz", format="arxiv-abs")
    assert len(result.papers) == len(members) - 1
    bad = [s for s in result.skipped if "UTF-8" in s.reason]
    assert len(bad) == 1 and bad[0].source.endswith(members[2][0].name) and bad[0].line is not None


# --- XML encodings, malformed XML, lines -----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", [b"x-unknown", b"shift_jis", b"utf-32"])
def test_an_xml_encoding_the_reader_lacks_is_one_clear_error(
    shared_data: Path, tmp_path: Path, encoding: bytes
) -> None:
    data = (shared_data / ATOM).read_bytes()
    body = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data, count=1)
    (tmp_path / "feed.xml").write_bytes(b'<?xml version="1.0" encoding="' + encoding + b'"?>' + body)
    with pytest.raises(InputFileError, match="declares an encoding the reader does not support"):
        extract(tmp_path / "feed.xml", format="arxiv-atom")


@pytest.mark.parametrize(
    ("name", "fmt", "records"),
    [(OAI, "arxiv-oai", rb"record"), (DBLP, "dblp", rb"article|inproceedings|incollection|proceedings|book|phdthesis")],
)
def test_malformed_xml_reports_how_many_records_it_cost(
    shared_data: Path, tmp_path: Path, name: str, fmt: str, records: bytes
) -> None:
    data = (shared_data / name).read_bytes()
    starts = [m.start() for m in re.finditer(rb"<(?:" + records + rb")[\s>]", data)]
    cut = starts[len(starts) // 2]
    (tmp_path / "broken.xml").write_bytes(data[:cut] + b"<title>oops</wrong>" + data[cut:])
    result = extract(tmp_path / "broken.xml", format=fmt)
    broken = result.skipped[-1]
    assert broken.line == data[:cut].count(b"\n") + 1
    unread = len(starts) - len(starts) // 2
    lost = re.search(r"([\d,]+) more \S+ record\(s\) after this point are lost", broken.reason)
    assert lost is not None and int(lost[1].replace(",", "")) == unread
    read = len(result.records) + len(result.skipped) - 1
    assert read == len(starts) // 2


def test_xml_records_and_skips_carry_their_line(shared_data: Path) -> None:
    for name, fmt, first in ((OAI, "arxiv-oai", b"<record>"), (ATOM, "arxiv-atom", b"<entry>"), (DBLP, "dblp", None)):
        data = (shared_data / name).read_bytes()
        result = extract(shared_data / name, format=fmt)
        lines = [r.provenance.line for r in result.papers] + [s.line for s in result.skipped]
        assert None not in lines, name
        if first is not None:
            assert result.papers[0].provenance.line == data[: data.index(first)].count(b"\n") + 1


# --- compressed input ----------------------------------------------------------------------------------------------


def test_a_decompression_bomb_is_refused_before_it_fills_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "works.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        for _ in range(96):
            out.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(InputFileError, match="decompression bomb"):
        extract(bomb, format="openalex")


def test_a_document_over_the_size_limit_is_one_clear_error(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textio, "MAX_DOCUMENT_BYTES", 10_000)
    with pytest.raises(InputFileError, match="more than 0 MiB of text, the most a file read whole may hold"):
        extract(shared_data / S2_PAPER, format="s2")


def test_a_damaged_tar_archive_is_one_clear_error(shared_data: Path, tmp_path: Path) -> None:
    archive = sorted((shared_data / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz"))[0].read_bytes()
    (tmp_path / "abs.tar.gz").write_bytes(archive[: len(archive) // 2])
    with pytest.raises(InputFileError, match=r"damaged or cut short after [\d,]+ \.abs file"):
        extract(tmp_path / "abs.tar.gz", format="arxiv-abs")


def test_an_author_header_longer_than_any_author_list_is_reported(shared_data: Path, tmp_path: Path) -> None:
    archive_path = sorted((shared_data / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz"))[0]
    with tarfile.open(archive_path) as archive:
        member = next(m for m in archive if m.isfile() and m.name.endswith(".abs"))
        text = archive.extractfile(member).read().decode()  # type: ignore[union-attr]
    header = re.search(r"^Authors?: ", text, re.MULTILINE)
    assert header is not None
    (tmp_path / "paper.abs").write_text(text[: header.end()] + "A, " * 40_000 + text[header.end() :])
    result = extract(tmp_path / "paper.abs", format="arxiv-abs")
    assert len(result.papers) == 1 and result.papers[0].authors == []
    (skip,) = result.skipped
    assert skip.line == text[: header.start()].count("\n") + 1
    assert "more than any author list" in skip.reason
