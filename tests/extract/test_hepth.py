"""The hep-th corpus: legacy .abs archives plus the dated citation subset."""

from __future__ import annotations

import collections
import csv
import tarfile
from pathlib import Path

import pytest

from graphkit.extract import detect_format, extract
from graphkit.extract.hepth import split_free_text_authors
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.build import build_graph

_EDGES = "cit-HepTh-subset-2000-2002_df_formatted.csv"


@pytest.fixture(scope="module")
def hepth(shared_data: Path) -> Path:
    return shared_data / "snap-cit-HepTh"


@pytest.fixture(scope="module")
def hepth_graph(hepth: Path) -> KnowledgeGraph:
    return build_graph([*sorted((hepth / "abstracts").glob("*.tar.gz")), hepth / _EDGES])


def test_formats(hepth: Path) -> None:
    assert detect_format(hepth / "abstracts" / "cit-HepTh-abstracts-2000.tar.gz") == "arxiv-abs"
    assert detect_format(hepth / _EDGES) == "hepth-citations"


def test_every_abstract_and_citation(hepth_graph: KnowledgeGraph) -> None:
    assert len(hepth_graph.papers) == 29555
    assert len(hepth_graph.cites) == 38386
    assert len({p for edge in hepth_graph.cites for p in edge}) == 5996
    paper = hepth_graph.papers["arxiv:hep-th/0002031"]
    assert paper.title == "Confinement and the AdS/CFT Correspondence"
    authors = list(hepth_graph.authors[a] for (a, p) in hepth_graph.authored if p == paper.id)
    names = sorted((a.name, tuple(a.name_variants)) for a in authors)
    # "D. S. Berman" here is "David S. Berman" on his other papers: one person, most specific name.
    assert names == [("David S. Berman", ("D. S. Berman",)), ("Maulik K. Parikh", ())]
    assert str(paper.date) == "2000-02-04" and paper.category == "hep-th"


def test_in_graph_citation_counts_match_the_edge_file(hepth: Path, hepth_graph: KnowledgeGraph) -> None:
    expected: collections.Counter[str] = collections.Counter()
    with (hepth / _EDGES).open() as handle:
        for row in csv.DictReader(handle):
            expected[f"arxiv:hep-th/{int(row['to']):07d}"] += 1
    assert collections.Counter(cited for _, cited in hepth_graph.cites) == expected


def test_a_folder_of_abs_files(hepth: Path, tmp_path: Path) -> None:
    with tarfile.open(hepth / "abstracts" / "cit-HepTh-abstracts-1992.tar.gz") as archive:
        members = [m for m in archive.getmembers() if m.isfile()][:5]
        archive.extractall(tmp_path, members=members, filter="data")
    result = extract(tmp_path)
    assert len(result.papers) == 5 and {r.format for r in result.reports} == {"arxiv-abs"}
    assert result.papers[0].author_names == ["C. Itzykson", "J.-B. Zuber"]


def test_unreadable_dates_fall_back_to_the_id_month(hepth: Path) -> None:
    papers = {p.ids.arxiv: p for p in extract(hepth / "abstracts" / "cit-HepTh-abstracts-1992.tar.gz").papers}
    odd = papers["hep-th/9207052"]  # "Date: 14-JUL-1992 15:04:09.32 TST"
    assert (str(odd.date), odd.date_precision) == ("1992-07-01", "month")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("C. Itzykson and J.-B. Zuber", ["C. Itzykson", "J.-B. Zuber"]),
        ("Carlos Pinheiro (UFES, Brazil); F.C. Khanna (UofA, Canada)", ["Carlos Pinheiro", "F.C. Khanna"]),
        ("A. One, B. Two, et al", ["A. One", "B. Two"]),
        ("J. Balog (Research Institute (RMKI), Budapest)", ["J. Balog"]),
    ],
)
def test_free_text_authors(text: str, names: list[str]) -> None:
    assert split_free_text_authors(text) == names
