"""OpenAlex works page: records, authorships, institutions and every citation kept."""

from __future__ import annotations

import json
from pathlib import Path

from graphkit.extract import detect_format, extract
from graphkit.extract.openalex import rebuild_abstract
from graphkit.store.build import build_graph


def test_works_page(shared_data: Path) -> None:
    path = shared_data / "openalex" / "works_page1_per25.json"
    assert detect_format(path) == "openalex"
    result = extract(path)
    assert len(result.papers) == 25 and result.skipped == []
    assert sum(len(p.authors) for p in result.papers) == 445
    institutions = [i for p in result.papers for a in p.authors for i in a.affiliations]
    assert len(institutions) == 564 and all(i.ror and i.ror.startswith("https://ror.org/") for i in institutions)
    assert sum(len(p.references) for p in result.papers) == 2073
    first = result.papers[0]
    assert (
        first.title == "Crystallography & NMR System: A New Software Suite for Macromolecular Structure Determination"
    )
    assert (first.ids.openalex, first.ids.doi, first.cited_by_count) == (
        "W1995017064",
        "10.1107/s0907444998003254",
        14534,
    )
    assert first.authors[1].ids is not None and first.authors[1].ids.orcid == "0000-0001-9333-8219"
    assert first.abstract and first.abstract.startswith("A new software suite, called Crystallography & NMR System")
    untitled = [p for p in result.papers if p.title is None]
    assert [p.ids.openalex for p in untitled] == ["W1902610065"]  # kept by its ids, with a warning
    assert any("W1902610065 has no title" in w for w in result.reports[0].warnings)


def test_no_citation_is_lost(shared_data: Path) -> None:
    graph = build_graph([shared_data / "openalex" / "works_page1_per25.json"])
    assert len(graph.cites) == 2073
    cited = {target for _, target in graph.cites}
    assert len(cited) == 1939
    stubs = [graph.papers[p] for p in cited if not graph.papers[p].sources]  # known only as cited works
    assert len(stubs) == len(graph.papers) - 25 == 1934
    assert all(p.title is None and p.id == f"openalex:{p.openalex_id}" for p in stubs)
    # Reported counts are kept apart from the graph's own.
    crystallography = graph.papers["doi:10.1107/s0907444998003254"]
    assert crystallography.citation_count == 14534
    assert len(graph.affiliated_with) == 564
    assert all(i.ror for i in graph.institutions.values())


def test_snapshot_json_lines(shared_data: Path, tmp_path: Path) -> None:
    works = json.loads((shared_data / "openalex" / "works_page1_per25.json").read_text("utf-8"))["results"]
    snapshot = tmp_path / "part_000.jsonl"
    snapshot.write_text("\n".join(json.dumps(w) for w in works) + "\n", "utf-8")
    assert detect_format(snapshot) == "openalex"
    assert len(extract(snapshot).papers) == 25


def test_rebuild_abstract() -> None:
    assert rebuild_abstract({"b": [1, 3], "a": [0, 2]}) == "a b a b"
    assert rebuild_abstract(None) is None
