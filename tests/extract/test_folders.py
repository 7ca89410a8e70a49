"""Folders as users have them: data files beside a DTD, checksums, notes and dates files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.core.errors import UnknownFormatError
from graphkit.extract import detect_format, extract, find_inputs
from graphkit.store.build import build
from tests.conftest import RANKED_LIST, SEED_PAGES


@pytest.mark.parametrize(("folder", "xml"), [("2015-excerpt", "dblp2.xml"), ("2020-alltags", "allTagsData.xml")])
def test_the_dblp_folder_as_it_ships_gives_exactly_the_records_of_its_xml(
    shared_data: Path, folder: str, xml: str
) -> None:
    path = shared_data / "dblp" / folder
    whole = extract(path)
    alone = extract(path / xml)
    # The same records; provenance names the file from the argument given (the folder, or the file alone).
    assert {r.provenance.source for r in whole.records} == {f"{folder}/{xml}"}
    assert {r.provenance.source for r in alone.records} == {xml}
    renamed = [
        r.model_copy(update={"provenance": r.provenance.model_copy(update={"source": xml})}) for r in whole.records
    ]
    assert [r.model_dump() for r in renamed] == [r.model_dump() for r in alone.records]
    assert len(whole.records) > 0 and [r.format for r in whole.reports] == ["dblp"]
    assert [item.path.name for item in whole.left_out] == ["dblp.dtd"]
    assert "not recognised" in whole.left_out[0].reason and "--format" in whole.left_out[0].reason


def test_a_file_named_on_its_own_still_fails_loudly(shared_data: Path) -> None:
    with pytest.raises(UnknownFormatError, match=r"dblp\.dtd: the format of this file was not recognised"):
        extract(shared_data / "dblp" / "2015-excerpt" / "dblp.dtd")


def test_a_page_that_mostly_does_not_parse_is_not_taken_and_the_confidence_is_reported(tmp_path: Path) -> None:
    """A ranked list whose bylines were mangled on three entries in four: below the threshold, with its figure;
    named with --format, its good entries are read and the rest reported."""
    lines = RANKED_LIST.read_text("utf-8").splitlines()
    bylines = [i for i, line in enumerate(lines) if " et al." in line and ", " in line]
    for count, index in enumerate(bylines):
        if count % 4:
            lines[index] = lines[index].replace(", ", " | ")
    page = tmp_path / "mangled.txt"
    page.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(UnknownFormatError, match=r"closest: ranked-list at \d+% of its first entries") as raised:
        detect_format(page)
    share = int(str(raised.value).split("ranked-list at ")[1].split("%")[0])
    assert 0 < share < 50
    forced = extract(page, format="ranked-list")
    assert 0 < len(forced.papers) < len(bylines) and forced.skipped


def test_detection_needs_most_of_the_first_entries_to_parse(shared_data: Path) -> None:
    """Every real sample is still recognised; text files that share a few shapes with a page are not."""
    for page in SEED_PAGES:
        assert detect_format(page) in {"profile-page", "daily-feed", "ranked-list"}
    strays = [
        shared_data / "dblp" / "2020-alltags" / "dblp.dtd",
        shared_data / "snap-cit-HepTh" / "cit-HepTh-dates.txt",
    ]
    for stray in strays:
        with pytest.raises(UnknownFormatError):
            detect_format(stray)


def _data_folder(shared_data: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "notes").mkdir(parents=True)
    shutil.copy(shared_data / "openalex" / "works_page1_per25.json", folder / "works.json")
    shutil.copy(shared_data / "snap-cit-HepTh" / "cit-HepTh-dates.txt", folder / "dates.txt")
    (folder / "SHA256SUMS").write_text("3f0c9d  works.json\n", "utf-8")
    (folder / "notes" / "README.md").write_text("# Downloaded 2026-11-01\n\nFrom the OpenAlex API.\n", "utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return folder


def test_a_data_folder_with_stray_files_builds_with_warnings(shared_data: Path, tmp_path: Path) -> None:
    folder = _data_folder(shared_data, tmp_path)
    result = build([folder], tmp_path / "g.lbdb")
    assert [Path(f.source).name for f in result.files] == ["works.json"]
    assert result.written["Paper"] > 25
    left_out = {Path(item.split(": ", 1)[0]).name: item.split(": ", 1)[1] for item in result.left_out}
    assert set(left_out) == {"SHA256SUMS", "README.md", "dates.txt", "empty.json", "image.png"}
    assert "empty" in left_out["empty.json"] and "binary" in left_out["image.png"]
    assert "not recognised" in left_out["SHA256SUMS"]


def test_exclude_leaves_files_out_quietly_and_the_cli_names_every_left_out_file(
    shared_data: Path, tmp_path: Path
) -> None:
    folder = _data_folder(shared_data, tmp_path)
    files, left_out = find_inputs([folder], exclude=["*.txt", "notes/*", "SHA256SUMS"])
    assert [f.path.name for f in files] == ["works.json"]
    reasons = {item.path.name: item.reason for item in left_out}
    assert reasons["dates.txt"] == "matches --exclude *.txt" and reasons["README.md"] == "matches --exclude notes/*"
    assert reasons["SHA256SUMS"] == "matches --exclude SHA256SUMS"
    out = CliRunner().invoke(main, ["extract", str(folder), "--exclude", "*.txt", "-o", str(tmp_path / "o.jsonl")])
    assert out.exit_code == 0, out.output
    assert "left out" in out.output and "empty.json" in out.output and "matches --exclude *.txt" in out.output
    # A file named on the command line is excluded by a pattern too, and a named unreadable file fails.
    assert find_inputs([folder / "dates.txt"], exclude=["*.txt"])[0] == []
    failed = CliRunner().invoke(main, ["extract", str(folder / "SHA256SUMS")])
    assert failed.exit_code == 2 and "SHA256SUMS" in failed.output
