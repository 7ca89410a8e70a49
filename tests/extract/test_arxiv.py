"""arXiv extractors on the real samples in shared/data (read in place)."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

from graphkit.core.models import PaperRecord
from graphkit.extract import detect_format, extract


def test_kaggle_snapshot(shared_data: Path, tmp_path: Path) -> None:
    path = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    assert detect_format(path) == "arxiv-snapshot"
    result = extract(path)
    assert len(result.papers) == 200 and result.skipped == []
    assert sum(len(p.authors) for p in result.papers) == 537
    first = result.papers[0]
    assert first.ids.arxiv == "0704.0001" and first.ids.doi == "10.1103/physrevd.76.013009"
    assert first.author_names == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"]
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert (first.date, first.categories, first.journal_ref) == (
        dt.date(2007, 4, 2),
        ["hep-ph"],
        "Phys.Rev.D76:013009,2007",
    )
    # The same file gzip-compressed gives the same records.
    packed = tmp_path / "snapshot.jsonl.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    assert detect_format(packed) == "arxiv-snapshot"
    assert [p.title for p in extract(packed).papers] == [p.title for p in result.papers]


def test_oai_pmh_page(shared_data: Path) -> None:
    path = shared_data / "arxiv-oai-pmh" / "ListRecords_metadataPrefix-arXiv_set-cs_page1.xml"
    assert detect_format(path) == "arxiv-oai"
    result = extract(path)
    assert len(result.papers) == 1000 and result.skipped == []
    assert sum(len(p.authors) for p in result.papers) == 2504
    assert sum(len(a.affiliations) for p in result.papers for a in p.authors) == 619
    first = result.papers[0]
    assert (first.ids.arxiv, first.author_names, first.categories) == (
        "0704.0002", ["Ileana Streinu", "Louis Theran"], ["math.CO", "cs.CG"])  # fmt: skip


def test_atom_search_page_and_edge_cases(shared_data: Path) -> None:
    folder = shared_data / "arxiv-api-atom" / "xml-2026"
    page = extract(folder / "q_testing_s0_m100_cfe7536492ca.xml")
    assert page.reports[0].format == "arxiv-atom"
    assert len(page.papers) == 100
    assert sum(len(p.authors) for p in page.papers) == 366
    assert sum(len(p.categories) for p in page.papers) == 173
    single = extract(folder / "id_astro-ph_0601001_s0_m100_3150dca9dc76.xml").papers
    assert [p.ids.arxiv for p in single] == ["astro-ph/0601001"]
    assert all(len(a.affiliations) == 1 for a in single[0].authors) and len(single[0].authors) == 4
    assert single[0].category == "astro-ph"
    assert extract(folder / "id_0000.0000_s0_m100_8b51d9633a68.xml").records == []
    error = extract(folder / "id_abc_s0_m100_b79c8dcf6bc3.xml")
    assert error.records == []
    (skip,) = error.skipped
    assert "the arXiv API reported an error: incorrect id format for abc" in skip.reason


def test_old_atom_format(shared_data: Path) -> None:
    papers = extract(shared_data / "arxiv-api-atom" / "xml-2016" / "search_au-del_maestro.xml").papers
    assert len(papers) == 10
    assert all(isinstance(p, PaperRecord) and p.ids.arxiv for p in papers)


def test_one_paper_from_three_arxiv_formats_is_one_node(shared_data: Path) -> None:
    from graphkit.resolve.assemble import assemble

    snapshot = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    oai = shared_data / "arxiv-oai-pmh" / "ListRecords_metadataPrefix-arXiv_set-cs_page1.xml"
    records = extract([snapshot, oai]).records
    shared_ids = {p.ids.arxiv for p in extract(snapshot).papers} & {p.ids.arxiv for p in extract(oai).papers}
    graph = assemble(records)
    assert len(graph.papers) == 200 + 1000 - len(shared_ids)
    assert shared_ids and all(f"arxiv:{i}" in graph.papers for i in shared_ids)
