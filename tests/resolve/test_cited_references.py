"""Cited references of Web of Science and Scopus exports become citations: matched to papers by DOI, else by first
author, year, source, volume and page; the rest as stub papers, one per cited work. Built from the real files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pytest

from graphkit.analysis.arrays import GraphArrays
from graphkit.analysis.similarity import top_k_pairs
from graphkit.analysis.trends import year_span
from graphkit.core.citekeys import match_key, sources_agree, stub_key
from graphkit.core.models import PaperRecord
from graphkit.export.plots import papers_per_year
from graphkit.extract import extract
from graphkit.query.library import run_query
from graphkit.query.stats import graph_stats
from graphkit.store.build import BuildResult, build
from graphkit.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def exports(shared_data: Path) -> Path:
    return shared_data / "wos-scopus-medline"


@pytest.fixture(scope="module")
def many_authors(exports: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    db = tmp_path_factory.mktemp("wos") / "wos.lbdb"
    return db, build([exports / "ManyAuthors.isi"], db)


def test_references_matched_inside_each_file(
    exports: Path, many_authors: tuple[Path, BuildResult], tmp_path: Path
) -> None:
    found = {"ManyAuthors.isi": many_authors[1].references}
    for name in ("testFile.isi", "scopus_testing.csv.scopus"):
        found[name] = build([exports / name], tmp_path / f"{name}.lbdb").references
    matched = {name: {rule: n for rule, n in rules.items() if n} for name, rules in found.items()}
    assert matched == {
        "ManyAuthors.isi": {"doi": 700, "description": 92, "stub": 39529},
        "testFile.isi": {"doi": 26, "description": 5, "stub": 839},
        "scopus_testing.csv.scopus": {"doi": 11, "description": 138, "stub": 10263},
    }
    # Every reference is accounted for: the extracted references, each matched or a stub (none lost).
    for name, rules in found.items():
        assert sum(rules.values()) == sum(len(p.references) for p in extract(exports / name).papers)


def _pair_codes(groups: list[list[int]], size: int) -> np.ndarray:
    """Every unordered pair within each group, as ``smaller * size + larger``."""
    codes = []
    for group in groups:
        members = np.unique(np.asarray(group, dtype=np.int64))
        first, second = np.triu_indices(len(members), k=1)
        codes.append(members[first] * size + members[second])
    return np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)


def _direct_cocitation(
    papers: list[PaperRecord],
) -> tuple[dict[int, int], dict[str, int], int, dict[int, int]]:
    """Co-citation counted straight from the records and their CR lines, with the rules the README states: a
    reference is the record with its DOI, else the record it describes (first author, year, volume, page, and a
    source that agrees), else a cited work shared with every reference that has its DOI or its stub key.

    Returns the count of each co-cited pair (as a pair code of work numbers), the work number of each stored
    node's name (``wos:UT`` for records, ``doi:…`` and ``cited:…`` for stubs), how many works there are, and
    how many records cite each work."""
    parent: dict[str, str] = {}

    def find(token: str) -> str:
        parent.setdefault(token, token)
        while parent[token] != token:
            parent[token] = parent[parent[token]]
            token = parent[token]
        return token

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    record_dois: dict[str, str] = {}
    described: dict[str, list[tuple[int, PaperRecord]]] = {}
    for number, paper in enumerate(papers):
        find(f"rec:{number}")
        if paper.ids.doi:
            record_dois.setdefault(paper.ids.doi, f"rec:{number}")
            union(f"rec:{number}", record_dois[paper.ids.doi])
        key = match_key(paper.authors[0].name, paper.date.year, paper.volume, paper.pages) if paper.date else None
        if key:
            described.setdefault(key, []).append((number, paper))
    cited: dict[int, list[str]] = {}
    for number, paper in enumerate(papers):
        for index, reference in enumerate(paper.references):
            token = f"ref:{number}:{index}"
            key = match_key(reference.first_author, reference.year, reference.volume, reference.page)
            candidates = [
                other for other, record in described.get(key or "", [])
                if sources_agree(reference.source, record.venue) or sources_agree(reference.source, record.venue_abbrev)
            ]  # fmt: skip
            if reference.ids.doi in record_dois:
                union(token, record_dois[reference.ids.doi])
            elif candidates:
                union(token, f"rec:{candidates[0]}")
            else:
                if reference.ids.doi:
                    union(token, f"doi:{reference.ids.doi}")
                own = stub_key(reference.first_author, reference.year, reference.source, reference.volume,
                               reference.page, reference.text)  # fmt: skip
                union(token, f"key:{own}")
            cited.setdefault(number, []).append(token)
    works: dict[str, int] = {}
    for token in list(parent):
        works.setdefault(find(token), len(works))
    groups = []
    for number, tokens in cited.items():
        citing = works[find(f"rec:{number}")]
        groups.append([w for w in (works[find(t)] for t in tokens) if w != citing])
    codes, counts = np.unique(_pair_codes(groups, len(works)), return_counts=True)
    cited_by = Counter(work for group in groups for work in set(group))
    names = {f"wos:{paper.ids.wos}": works[find(f"rec:{number}")] for number, paper in enumerate(papers)}
    names |= {f"doi:{token[4:]}": works[find(token)] for token in parent if token.startswith("doi:")}
    names |= {f"cited:{token[4:]}": works[find(token)] for token in parent if token.startswith("key:")}
    return dict(zip(codes.tolist(), counts.tolist(), strict=True)), names, len(works), dict(cited_by)


def test_cocitation_on_web_of_science_equals_direct_computation(
    exports: Path, many_authors: tuple[Path, BuildResult]
) -> None:
    """graphkit's co-citation (``top_k_pairs``, every partner kept) over the stored CITES edges of ManyAuthors.isi
    equals the count of records citing both of each pair of works, computed from the CR lines themselves."""
    db, _ = many_authors
    expected, names, size, _ = _direct_cocitation(extract(exports / "ManyAuthors.isi").papers)
    with EmbeddedStore(db, read_only=True) as store:
        rows = store.arrow("MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.id AS a, b.id AS b").to_pylist()
        wos = {r["id"]: r["wos"] for r in store.execute("MATCH (p:Paper) RETURN p.id AS id, p.wos_id AS wos")}
    ids = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
    number = {node: index for index, node in enumerate(ids)}
    work = np.array([names[f"wos:{wos[node]}"] if wos.get(node) else names[node] for node in ids], dtype=np.int64)
    assert len(set(work.tolist())) == len(ids)  # one stored node per work
    source = np.array([number[r["a"]] for r in rows])
    target = np.array([number[r["b"]] for r in rows])
    paper, partner, weight = top_k_pairs(source, target, len(ids), k=len(ids))
    first, second = work[paper], work[partner]
    keep = first < second  # each pair is listed from both ends
    stored_codes = np.minimum(first, second)[keep] * size + np.maximum(first, second)[keep]
    stored = dict(zip(stored_codes.tolist(), weight[keep].tolist(), strict=True))
    assert len(expected) > 4_000_000
    assert stored == expected


def test_most_cited_works_and_the_years_of_stub_papers(exports: Path, many_authors: tuple[Path, BuildResult]) -> None:
    """The most cited works (stub papers included) count what the CR lines cite; a stub paper keeps the year,
    source, volume and page its references give, but counts in no year's papers (plots, bursts)."""
    db, _ = many_authors
    papers = extract(exports / "ManyAuthors.isi").papers
    _, names, _, citing = _direct_cocitation(papers)
    with EmbeddedStore(db, read_only=True) as store:
        top = run_query(store, "most_cited_works", {"limit": 25}, names=False)
        wos = {r["id"]: r["wos"] for r in store.execute("MATCH (p:Paper) RETURN p.id AS id, p.wos_id AS wos")}
        stub = store.execute(
            "MATCH (p:Paper) WHERE p.id = $id RETURN p.year AS year, p.venue AS venue, p.volume AS volume, "
            "p.pages AS pages, p.title AS title, size(p.sources) AS sources",
            {"id": "cited:cox|1997|INT J RADIAT ONCOL|37|1035"},
        )
        per_year = papers_per_year(store)
        first, last = year_span(store)
        arrays = GraphArrays.from_store(store)
        stats = graph_stats(store)
    stubs_counted = stats.coverage["stub papers (only cited)"]
    # `graphkit stats` tells the works only cited apart: the 39,529 references that found no paper name 26,745.
    assert stubs_counted.count == stubs_counted.total - 500 == 26_745
    assert [row["citations"] for row in top] == sorted(citing.values(), reverse=True)[:25]
    for row in top:
        work = names[f"wos:{wos[row['id']]}"] if wos.get(row["id"]) else names[row["id"]]
        assert citing[work] == row["citations"]
    assert top[0]["id"] == "cited:cox|1997|INT J RADIAT ONCOL|37|1035" and top[0]["citations"] == 57
    assert stub == [{"year": 1997, "venue": "INT J RADIAT ONCOL", "volume": "37", "pages": "1035", "title": None,
                     "sources": 0}]  # fmt: skip
    years = [p.date.year for p in papers if p.date]
    assert sum(per_year.values()) == len(years) == 500 and (first, last) == (min(years), max(years))
    stubs = pc.equal(pc.utf8_slice_codeunits(arrays.paper_ids, 0, 7), "cited:c")
    assert int(np.count_nonzero(arrays.paper_year[np.asarray(stubs)] > 0)) == 0


def test_records_of_one_paper_merge_by_doi_across_sources(shared_data: Path, exports: Path, tmp_path: Path) -> None:
    """The WoS file with the OpenAlex and arXiv samples. The real files share no paper (checked here), so the
    test also writes the Web of Science and MEDLINE records a user would export for five OpenAlex works and five
    arXiv papers (their real titles, bylines and DOIs): each becomes one node with every source's id."""
    openalex = shared_data / "openalex" / "works_page1_per25.json"
    snapshot = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    works = json.loads(openalex.read_text("utf-8"))["results"]
    arxiv = [json.loads(line) for line in snapshot.read_text("utf-8").splitlines()]
    wos_papers = extract(exports / "ManyAuthors.isi").papers
    assert not {p.ids.doi for p in wos_papers} & {w["doi"].removeprefix("https://doi.org/").lower() for w in works
                                                  if w.get("doi")}  # fmt: skip
    chosen = [(w["display_name"], w["doi"].removeprefix("https://doi.org/"),
               [a["author"]["display_name"] for a in w["authorships"]], int(w["publication_year"]))
              for w in works if w.get("doi")][:5]  # fmt: skip
    chosen += [(a["title"], a["doi"], [" ".join(reversed(n[:2])).strip() for n in a["authors_parsed"]],
                int(a["versions"][0]["created"].split()[3])) for a in arxiv if a.get("doi")][:5]  # fmt: skip
    lines = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    medline = []
    for number, (printed, doi, authors, year) in enumerate(chosen):
        title = " ".join(printed.split())  # arXiv titles run over lines
        lines += ["PT J", *(f"{'AF' if i == 0 else '  '} {name}" for i, name in enumerate(authors)),
                  f"TI {title}", f"PY {year}", f"DI {doi}", f"UT WOS:00099999900{number:04d}", "ER", ""]  # fmt: skip
        medline += [f"PMID- 9999{number:04d}", f"DP  - {year}", f"TI  - {title}",
                    *(f"FAU - {name}" for name in authors), f"LID - {doi} [doi]", ""]  # fmt: skip
    (tmp_path / "savedrecs.txt").write_text("\n".join([*lines, "EF"]) + "\n", "utf-8")
    (tmp_path / "pubmed.txt").write_text("\n".join(medline), "utf-8")
    db = tmp_path / "g.lbdb"
    result = build([exports / "ManyAuthors.isi", openalex, snapshot, tmp_path / "savedrecs.txt",
                    tmp_path / "pubmed.txt"], db)  # fmt: skip
    with EmbeddedStore(db, read_only=True) as store:
        merged = store.execute(
            "MATCH (p:Paper) WHERE p.wos_id STARTS WITH '00099999900' RETURN p.doi AS doi, p.wos_id AS wos, "
            "p.pmid AS pmid, p.openalex_id AS openalex, p.arxiv_id AS arxiv, size(p.sources) AS sources"
        )
        # A real citation across sources: a ManyAuthors record cites NMRPipe, an OpenAlex work, by its DOI.
        nmrpipe = store.execute(
            "MATCH (a:Paper {wos_id: '000272254400033'})-[:CITES]->(b:Paper {doi: '10.1007/bf00197809'}) "
            "RETURN b.id AS id, b.openalex_id AS openalex, b.title AS title"
        )
        papers = store.execute("MATCH (p:Paper) WHERE size(p.sources) > 0 RETURN count(p) AS n")[0]["n"]
    assert len(merged) == 10
    assert all(row["pmid"] and row["sources"] == 3 and (row["openalex"] or row["arxiv"]) for row in merged)
    assert sorted(row["doi"] for row in merged) == sorted(doi.lower() for _, doi, _, _ in chosen)
    nmrpipe_title = "NMRPipe: A multidimensional spectral processing system based on UNIX pipes"
    assert nmrpipe == [{"id": "doi:10.1007/bf00197809", "openalex": "W2169821755", "title": nmrpipe_title}]
    assert papers == 500 + 25 + 200  # the 20 rendered records joined papers already there
    assert result.merges["paper"] >= 10 and all(report.skipped == [] for report in result.files)
