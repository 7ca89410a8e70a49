"""Bad input: clear errors for unreadable files, reported skips for malformed entries."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.core.errors import InputFileError, StrictModeError, UnknownFormatError
from graphkit.extract import FORMATS, extract
from tests.conftest import PROFILE_PAGE, RANKED_LIST


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("\n\n")
    with pytest.raises(InputFileError, match="empty"):
        extract(tmp_path / "empty.txt")


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(b"\x89PNG\r\n\x00\x00")
    with pytest.raises(InputFileError, match="binary"):
        extract(tmp_path / "page.txt", format="ranked-list")


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes("Title\nCaf\u00e9 Society\n".encode("latin-1"))
    with pytest.raises(InputFileError, match=r"not valid UTF-8 at line 2"):
        extract(tmp_path / "page.txt", format="ranked-list")


def test_unknown_format_names_the_supported_ones(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("shopping list\neggs\n")
    with pytest.raises(UnknownFormatError) as error:
        extract(tmp_path / "notes.txt")
    assert all(name in str(error.value) for name in FORMATS)
    assert "Pass --format NAME" in str(error.value)


def test_malformed_entry_is_skipped_with_its_line_and_the_run_goes_on(tmp_path: Path) -> None:
    text = PROFILE_PAGE.read_text("utf-8")
    # Break the byline of the second paper: its line becomes prose, not names.
    broken = text.replace(
        "Rachit Bansal, Aston Zhang, Rishabh Tiwari et al. · harvard, microsoft-research",
        "this byline was lost in the scrape",
    )
    page = tmp_path / "profile.txt"
    page.write_text(broken, "utf-8")
    result = extract(page)
    assert len(result.papers) == 28
    (skip,) = result.skipped
    assert skip.line == 22 and "not a list of author names" in skip.reason
    assert result.reports[0].warnings == [f"{page}: the page says 29 papers but 28 entries were read"]
    with pytest.raises(StrictModeError, match=f"{page}:22"):
        extract(page, strict=True)


def test_cli_extract_writes_json_lines_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(main, ["extract", str(RANKED_LIST), str(PROFILE_PAGE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text("utf-8").splitlines()) == 50 + 29 + 1
    assert "80 records from 2 file(s)" in result.output
    assert "[ranked-list]: 50 papers, 0 skipped" in result.output


def test_cli_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("shopping list\n")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith("graphkit: error: ") and "Supported formats" in result.output


def test_cli_version_and_help() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("graphkit, version ")
    assert "extract" in runner.invoke(main, ["--help"]).output


def _gzipped(path: Path, out: Path, keep: int | None = None, corrupt_at: int | None = None) -> Path:
    data = bytearray(gzip.compress(path.read_bytes()))
    if corrupt_at is not None:
        data[corrupt_at : corrupt_at + 64] = bytes(64)
    out.write_bytes(bytes(data[:keep] if keep is not None else data))
    return out


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_damaged_gzip_file_is_one_clear_error(shared_data: Path, tmp_path: Path, damage: str) -> None:
    """A .gz cut short or with a damaged block: one line naming the file, how far it was read and what to do —
    from extract, build (whose snapshot path stages in bulk) and the CLI alike; never a traceback."""
    sample = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    size = len(gzip.compress(sample.read_bytes()))
    path = _gzipped(sample, tmp_path / "snapshot.jsonl.gz", keep=size // 2 if damage == "truncated" else None,
                    corrupt_at=size // 2 if damage == "corrupt" else None)  # fmt: skip
    with pytest.raises(InputFileError, match=r"snapshot\.jsonl\.gz: the compressed file .* download it again"):
        extract(path)
    for command in (["extract", str(path), "-o", str(tmp_path / "o.jsonl")],
                    ["build", str(path), "--db", str(tmp_path / "g.lbdb")]):  # fmt: skip
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "Aborted" not in result.output
        assert "the compressed file" in result.output and "snapshot.jsonl.gz" in result.output
