"""Field-tagged exports (Web of Science plain text, MEDLINE) and WoS cited references, on the real files.

The first steps of issue 18: the records and their fields, every broken line found with its line number, and
the parts of each cited reference. Checked against what the files say of themselves (``NR``, the number of
cited references a WoS record reports; ``AU`` beside ``AF``, ``FAU`` beside ``AU``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphkit.extract.addresses import parse_wos_address
from graphkit.extract.cited import parse_wos_reference
from graphkit.extract.tagged import TaggedBlock, TaggedProblem, read_tagged


@pytest.fixture(scope="module")
def exports(shared_data: Path) -> Path:
    return shared_data / "wos-scopus-medline"


def _blocks(path: Path, style: str) -> tuple[list[TaggedBlock], list[TaggedProblem]]:
    items = list(read_tagged(path.read_text("utf-8").splitlines(), style))  # type: ignore[arg-type]
    return [i for i in items if isinstance(i, TaggedBlock)], [i for i in items if isinstance(i, TaggedProblem)]


def test_web_of_science_records_and_the_broken_one(exports: Path) -> None:
    blocks, outside = _blocks(exports / "testFile.isi", "wos")
    assert len(blocks) == 34 and outside == []  # 34 PT ... ER blocks, as the file's ER markers say
    broken = [(b.line, b.problems) for b in blocks if b.problems]
    assert broken == [(415, [TaggedProblem(416, "not a field line (a two-letter tag, a space, the value)",
                                           "AUGilles, H")])]  # fmt: skip
    # The tag glued to its value loses that field's lines, not the rest of the record.
    gilles = next(b for b in blocks if b.line == 415)
    assert gilles.values("AF") == ["Gilles, H", "Girard, S", "Hamel, J"] and gilles.values("AU") == []
    # Every other record holds the cited references it counts, but the first, whose CR tag came after NR:
    # 104 reference lines sit under its two C1 addresses (an extractor must refuse it; see issue 18).
    mismatched = [b.line for b in blocks if b.text("NR") and len(b.values("CR")) != int(b.text("NR") or 0)]
    shaped = [line for line in blocks[0].values("C1") if re.search(r", (1[5-9]|20)\d\d, ", line)]
    assert mismatched == [3] and len(blocks[0].values("C1")) == 106 and len(shaped) == 104


def test_long_author_lists_and_every_reference_count(exports: Path) -> None:
    blocks, outside = _blocks(exports / "ManyAuthors.isi", "wos")
    assert len(blocks) == 500 and outside == [] and not any(b.problems for b in blocks)
    assert all(len(b.values("CR")) == int(b.text("NR") or 0) for b in blocks)
    assert all(len(b.values("AU")) == len(b.values("AF")) for b in blocks)
    assert sum(len(b.values("AU")) for b in blocks) == 3351 and max(len(b.values("AU")) for b in blocks) == 177
    assert all(
        b.text(
            "UT",
        )
        and (b.text("UT") or "").startswith("WOS:")
        for b in blocks
    )


def test_medline_records(exports: Path) -> None:
    path = exports / "medline_test.medline"
    blocks, outside = _blocks(path, "medline")
    assert len(blocks) == 175 and outside == [] and not any(b.problems for b in blocks)
    assert all(next(iter(b.fields)) == "PMID" for b in blocks)
    authors = sum(len(b.values("AU")) for b in blocks)
    assert authors == len(re.findall(r"^AU  - ", path.read_text("utf-8"), flags=re.MULTILINE)) == 1275
    assert all(len(b.values("FAU")) == len(b.values("AU")) for b in blocks)
    # Continuation lines continue the value: a whole abstract is one text.
    first = blocks[0]
    assert first.text("PMID") == "26524502" and (first.text("AB") or "").endswith("to novel substrate specificity.")


def test_every_cited_reference_is_parsed(exports: Path) -> None:
    references = [
        reference
        for name in ("testFile.isi", "ManyAuthors.isi")
        for block in _blocks(exports / name, "wos")[0]
        for reference in block.values("CR")
    ]
    parsed = [parse_wos_reference(text) for text in references]
    assert len(parsed) == 41204
    for text, reference in zip(references, parsed, strict=True):
        # A year where the second part is one, a DOI where a part starts with "DOI ", a source otherwise.
        second = text.split(", ")[1] if ", " in text else ""
        assert (reference.year is not None) == bool(re.fullmatch(r"1[5-9]\d\d|20\d\d", second)) or text.startswith(
            tuple("0123456789")
        ), text
        # A DOI where a part starts with "DOI " and holds one ("DOI Boca Raton, FL" does not).
        has_doi = any(re.match(r"DOI (DOI )?\S*?10\.\d{4,9}/\S", part) for part in text.split(", ")[1:])
        assert (reference.ids.doi is not None) == has_doi, text
        assert reference.ids.doi is None or reference.ids.doi == reference.ids.doi.lower()
    assert sum(r.ids.doi is not None for r in parsed) == 25859 and sum(r.year is not None for r in parsed) == 41061


def test_addresses_tie_institutions_to_the_records_own_authors(exports: Path) -> None:
    """Every name a C1 address is tied to is one of the record's full names (AF); older records tie none."""
    counts = {}
    for name in ("ManyAuthors.isi", "testFile.isi"):
        blocks = [b for b in _blocks(exports / name, "wos")[0] if not (name == "testFile.isi" and b.line == 3)]
        addresses = [(block, parse_wos_address(line)) for block in blocks for line in block.values("C1")]
        for block, address in addresses:
            assert set(address.authors) <= set(block.values("AF")), (name, block.line, address.text)
            assert address.institution and address.country, address.text
        counts[name] = (len(addresses), sum(bool(a.authors) for _, a in addresses),
                        sum(len(a.authors) for _, a in addresses))  # fmt: skip
    assert counts == {"ManyAuthors.isi": (1431, 479, 1276), "testFile.isi": (37, 3, 9)}
