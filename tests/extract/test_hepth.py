"""The hep-th corpus: legacy .abs archives plus the dated citation subset."""

from __future__ import annotations

import collections
import csv
import tarfile
from pathlib import Path

import pytest

from graphkit.extract import detect_format, extract
from graphkit.extract.author_lists import split_author_list
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
    # "D. S. Berman" here is "David S. Berman" on his other papers (and "D.S.Berman" under an "Author:" header):
    # one person, most specific name.
    assert names == [("David S. Berman", ("D. S. Berman", "D.S.Berman")), ("Maulik K. Parikh", ())]
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


def test_every_paper_has_its_authors_or_a_reported_skip(hepth: Path) -> None:
    """About one file in seven spells the header "Author:"; a few hold no name at all, and say so."""
    result = extract(sorted((hepth / "abstracts").glob("*.tar.gz")))
    assert len(result.papers) == 29555
    without = {p.provenance.source for p in result.papers if not p.authors}
    # Records name their file by its provenance name (the archive's name, files being given one by one); skips
    # name it as it was given, for the user to find it.
    folder = f"{hepth / 'abstracts'}/"
    reported = {s.source.removeprefix(folder) for s in result.skipped}
    assert without and without <= reported
    assert len(without) < 5
    header_author = next(p for p in result.papers if p.ids.arxiv == "hep-th/9201047")  # "Authors: 18 pages"
    assert not header_author.authors
    skips = [s for s in result.skipped if s.source.removeprefix(folder) == header_author.provenance.source]
    assert [(s.excerpt, s.line) for s in skips] == [("18 pages", 9)]  # the line of its "Authors:" header
    names = collections.Counter(a.name for p in result.papers for a in p.authors)
    assert not [n for n in names if any(ch.isdigit() for ch in n)]  # no page counts, no report numbers
    assert not [n for n in names if n.lower().strip(".") in {"jr", "sr", "ii", "iii", "latex"}]
    assert names["S. James Gates Jr."] > 20 and names["Jr."] == 0
    # A "\\\\" inside a title no longer ends the header (hep-th/9205101 lost its authors to it).
    ohta = next(p for p in result.papers if p.ids.arxiv == "hep-th/9205101")
    assert ohta.author_names == ["Nobuyoshi Ohta", "Hisao Suzuki"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("C. Itzykson and J.-B. Zuber", ["C. Itzykson", "J.-B. Zuber"]),
        ("S. James Gates, Jr. and Lubna Rana", ["S. James Gates Jr.", "Lubna Rana"]),
        ("W. A. Rodrigues, Jr. and J. Vaz, Jr.", ["W. A. Rodrigues Jr.", "J. Vaz Jr."]),
        ("Sun, C.P. and Don N. Page", ["C.P. Sun", "Don N. Page"]),
        ("Jisuke Kubo, 11 pages, KANAZAWA-94-01", ["Jisuke Kubo"]),
        ("L. Szymanowski 11 pages in Latex", ["L. Szymanowski"]),
        ("H. B. Nielsen D. A. Ryzhikh", ["H. B. Nielsen", "D. A. Ryzhikh"]),
        ("N Linden A J Macfarlane (DAMTP) J W van Holten (NIKHEF)", ["N Linden", "A J Macfarlane", "J W van Holten"]),
        ("Bengt E.W. Nilsson and J. -M. Chung", ["Bengt E.W. Nilsson", "J.-M. Chung"]),
        ("R.M.Mir -- Kasimov; Yale University.", ["R.M.Mir-Kasimov"]),
        ("Carlos Pinheiro (UFES, Brazil); F.C. Khanna (UofA, Canada)", ["Carlos Pinheiro", "F.C. Khanna"]),
        ("A. One, B. Two, et al", ["A. One", "B. Two"]),
        ("J. Balog (Research Institute (RMKI), Budapest)", ["J. Balog"]),
    ],
)
def test_free_text_authors(text: str, names: list[str]) -> None:
    assert split_author_list(text).names == names
