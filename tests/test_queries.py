"""The query library on the embedded store, each query checked against a NetworkX reference."""

from __future__ import annotations

import collections
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.analysis.metrics import analyze
from graphkit.analysis.recommend import recommend
from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.query.library import QueryError, load_queries, run_query
from graphkit.query.lookup import AmbiguousNameError, NameChoiceWarning, UnknownNameError
from graphkit.query.paths import NoPathError, collaborator_paths
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.build import build, build_graph
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, KnowledgeGraph]:
    db = tmp_path_factory.mktemp("queries") / "seed.lbdb"
    build([EXAMPLES], db)
    analyze_store(db)
    reference = build_graph([EXAMPLES])
    analyze(reference)
    return db, reference


@pytest.fixture(scope="module")
def cited(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, KnowledgeGraph]:
    sources = [shared_data / "openalex" / "works_page1_per25.json",
               shared_data / "arxiv-oai-pmh" / "ListRecords_metadataPrefix-arXiv_set-cs_page1.xml"]  # fmt: skip
    db = tmp_path_factory.mktemp("queries") / "cited.lbdb"
    build(sources, db)
    return db, build_graph(sources)


def _id(graph: KnowledgeGraph, name: str) -> str:
    return next(a.id for a in graph.authors.values() if a.name == name)


def test_every_query_has_a_header_and_both_dialects() -> None:
    queries = load_queries()
    assert len(queries) >= 13
    for query in queries.values():
        assert query.description and ("shared" in query.texts or set(query.texts) == {"ladybug", "neo4j"})


def test_paths_from_the_issue(seed: tuple[Path, KnowledgeGraph]) -> None:
    db, _ = seed
    with EmbeddedStore(db, read_only=True) as store:
        (datta,) = collaborator_paths(store, "Theo Datta", "Tong Zhang")
        assert datta.names == ["Theo Datta", "Sham M. Kakade", "Tong Zhang"]  # 2 hops: one Sham Kakade
        (li,) = collaborator_paths(store, "yuanzhi li", "TONG ZHANG")
        assert li.names == ["Yuanzhi Li", "Samy Jelassi", "Sham M. Kakade", "Tong Zhang"]
        assert all(hop.papers for hop in li.hops)
        xie = collaborator_paths(store, "Samy Jelassi", "Tengyang Xie", all_paths=True)
        assert len(xie) == 2 and all(len(p.hops) == 3 for p in xie)
        with pytest.raises(NoPathError, match="not connected"):
            collaborator_paths(store, "Samy Jelassi", "Dhruv Madeka")
        with pytest.raises(NoPathError):
            collaborator_paths(store, "Yuanzhi Li", "Tong Zhang", max_hops=2)
        with pytest.raises(AmbiguousNameError, match=r"Dylan J\. Foster.*Dean P\. Foster"):
            collaborator_paths(store, "D. Foster", "Tong Zhang", strict=True)
        with pytest.warns(NameChoiceWarning, match=r"took Dylan J\. Foster \(2 papers.*also Dean P\. Foster"):
            (foster,) = collaborator_paths(store, "D. Foster", "Tong Zhang")
        assert foster.names[0] == "Dylan J. Foster"
        with pytest.raises(UnknownNameError, match="Closest: Samy Jelassi"):
            collaborator_paths(store, "Samy Jelasi", "Tong Zhang")


def test_path_parity_with_networkx(seed: tuple[Path, KnowledgeGraph]) -> None:
    db, ref = seed
    G = ref.coauthor_graph()
    pairs = [
        ("Samy Jelassi", "Tengyang Xie"),
        ("Theo Datta", "Tong Zhang"),
        ("Alexandru Meterez", "Ziqi Wang"),
        ("Thomas Fel", "Ziqi Wang"),
    ]
    with EmbeddedStore(db, read_only=True) as store:
        for a, b in pairs:
            expected = {
                tuple(G.nodes[n]["name"] for n in path) for path in nx.all_shortest_paths(G, _id(ref, a), _id(ref, b))
            }
            found = {tuple(p.names) for p in collaborator_paths(store, a, b, all_paths=True)}
            ids = {"a": _id(ref, a), "b": _id(ref, b)}
            by_cypher = {tuple(r["names"]) for r in run_query(store, "all_collaborator_paths", ids)}
            (one,) = run_query(store, "collaborator_path", ids)
            assert found == by_cypher == expected and tuple(one["names"]) in expected


def test_coauthors_and_shared_papers(seed: tuple[Path, KnowledgeGraph]) -> None:
    db, ref = seed
    samy = _id(ref, "Samy Jelassi")
    with EmbeddedStore(db, read_only=True) as store:
        rows = run_query(store, "coauthors", {"author_id": samy, "limit": 100})
        shared = run_query(store, "shared_papers", {"a": samy, "b": _id(ref, "Yuanzhi Li")})
    G = ref.coauthor_graph()
    expected = sorted(((G.nodes[n]["name"], G[samy][n]["weight"]) for n in G[samy]), key=lambda t: (-t[1], t[0]))
    assert [(r["name"], r["papers"]) for r in rows] == expected and len(rows) == 43
    assert len(shared) == 4


def test_top_authors_and_filters(seed: tuple[Path, KnowledgeGraph]) -> None:
    db, ref = seed
    with EmbeddedStore(db, read_only=True) as store:
        by_degree = run_query(store, "top_authors", {"metric": "coauthors", "limit": 5})
        in_cv = run_query(store, "top_authors", {"category": "cs.CV", "limit": 50})
        at_uw = run_query(store, "top_authors", {"institution": "University of Washington", "limit": 50})
        in_2020 = run_query(store, "top_authors", {"year_from": 2020, "year_to": 2020, "limit": 50})
        with pytest.raises(QueryError, match="metric must be one of"):
            run_query(store, "top_authors", {"metric": "name"})
    metrics = ref.author_metrics
    expected = sorted(metrics, key=lambda a: (-metrics[a]["coauthors"], ref.authors[a].name))[:5]
    assert [r["id"] for r in by_degree] == expected and by_degree[0]["name"] == "Samy Jelassi"

    def with_papers(keep: set[str]) -> list[str]:
        authors = {a for a, p in ref.authored if p in keep}
        return sorted(authors, key=lambda a: (-metrics[a]["pagerank"], ref.authors[a].name))

    cv = {p for (p, c) in ref.in_category if c == "cs.CV"}
    uw = {p for (p, i) in ref.from_institution if ref.institutions[i].name == "University of Washington"}
    y2020 = {p for p, paper in ref.papers.items() if paper.year == 2020}
    assert [r["id"] for r in in_cv] == with_papers(cv)
    assert [r["id"] for r in at_uw] == with_papers(uw) and "Aditya Kusupati" in {r["name"] for r in at_uw}
    assert [r["id"] for r in in_2020] == with_papers(y2020)


def test_profile_timeline_communities_recommendations(seed: tuple[Path, KnowledgeGraph]) -> None:
    db, ref = seed
    sham = _id(ref, "Sham M. Kakade")
    with EmbeddedStore(db, read_only=True) as store:
        (profile,) = run_query(store, "author_profile", {"author_id": sham})
        timeline = run_query(store, "author_timeline", {"author_id": sham})
        communities = run_query(store, "community_summary", {"limit": 100})
        suggestions = run_query(store, "recommended_collaborators", {"author_id": _id(ref, "Yuanzhi Li"), "limit": 5})
        institutions = run_query(store, "institution_collaboration", {"limit": 100})
    papers = [p for a, p in ref.authored if a == sham]
    assert (profile["paper_count"], profile["coauthor_count"]) == (len(papers), ref.author_metrics[sham]["coauthors"])
    assert profile["name_variants"] == ["Sham Kakade"]
    assert set(profile["categories"]) == {c for (p, c) in ref.in_category if p in papers}
    years = collections.Counter(ref.papers[p].year for p in papers if ref.papers[p].year)
    assert [(r["year"], r["papers"]) for r in timeline] == sorted(years.items())
    sizes = collections.Counter(m["community"] for m in ref.author_metrics.values())
    assert [(r["community"], r["size"]) for r in communities] == sorted(sizes.items(), key=lambda t: (-t[1], t[0]))
    central: dict[int, tuple[float, str]] = {}
    for a, m in ref.author_metrics.items():
        best, community = (-m["pagerank"], ref.authors[a].name), int(m["community"])
        central[community] = min(central.get(community, best), best)
    assert {r["community"]: r["central_member"] for r in communities} == {c: n for c, (_, n) in central.items()}
    assert communities[0]["central_member"] == "Samy Jelassi"
    reference = recommend(ref.coauthor_graph(), _id(ref, "Yuanzhi Li"), k=5)
    assert [(r["name"], round(r["score"], 9)) for r in suggestions] == [(r.name, round(r.score, 9)) for r in reference]
    pairs: collections.Counter[tuple[str, str]] = collections.Counter()
    by_paper: collections.defaultdict[str, set[str]] = collections.defaultdict(set)
    for p, i in ref.from_institution:
        by_paper[p].add(i)
    for members in by_paper.values():
        for i in members:
            for j in members:
                if i < j:
                    pairs[(ref.institutions[i].name, ref.institutions[j].name)] += 1
    assert {(r["institution"], r["partner"]): r["papers"] for r in institutions} == dict(pairs)
    assert institutions[0]["papers"] == 2  # Harvard and Microsoft Research share two papers


def test_citation_queries(cited: tuple[Path, KnowledgeGraph]) -> None:
    db, ref = cited
    with EmbeddedStore(db, read_only=True) as store:
        most = run_query(store, "most_cited_papers", {"limit": 5})
        crosslists = run_query(store, "category_crosslisting", {"limit": 500})
        cited_ids = [p for p in ref.papers if any(d == p for _, d in ref.cites) and ref.papers[p].title]
        target_paper = cited_ids[0]
        author = next(a for a, p in ref.authored if p == target_paper)
        citing = run_query(store, "citing_authors", {"author_id": author, "limit": 100})
    in_graph = collections.Counter(d for _, d in ref.cites)

    def rank(p: str) -> tuple[int, int, str]:
        paper = ref.papers[p]
        return -in_graph[p], -(paper.citation_count if paper.citation_count is not None else -1), paper.title or ""

    titled = sorted((p for p in ref.papers if ref.papers[p].title), key=rank)
    assert [r["id"] for r in most] == titled[:5] and most[0]["citations"] == in_graph[titled[0]]
    listed: collections.Counter[tuple[str, str]] = collections.Counter()
    cats: collections.defaultdict[str, set[str]] = collections.defaultdict(set)
    for p, c in ref.in_category:
        cats[p].add(c)
    for codes in cats.values():
        for a in codes:
            for b in codes:
                if a < b:
                    listed[(a, b)] += 1
    assert {(r["category"], r["cross_listed_with"]): r["papers"] for r in crosslists} == dict(listed)
    assert crosslists and crosslists[0]["papers"] == max(listed.values())
    own = {p for a, p in ref.authored if a == author}
    expected: collections.Counter[str] = collections.Counter()
    for s, d in ref.cites:
        if d in own:
            for a, p in ref.authored:
                if p == s and a != author:
                    expected[a] += 1
    assert {r["id"]: r["citing_papers"] for r in citing} == dict(expected)


def test_cli_query_and_path(seed: tuple[Path, KnowledgeGraph]) -> None:
    db, _ = seed
    runner = CliRunner()
    listed = runner.invoke(main, ["query", "--list"])
    assert "collaborator_path(a, b, max_hops=1..15 (default 6))" in listed.output and "top_authors(" in listed.output
    table = runner.invoke(
        main, ["query", "coauthors", "-p", "author_id=samy jelassi", "-p", "limit=2", "--db", str(db)]
    )
    assert table.exit_code == 0 and "David Brandfonbrener" in table.output and "Yuanzhi Li" in table.output
    as_json = runner.invoke(main, ["query", "top_authors", "-p", "limit=1", "--format", "json", "--db", str(db)])
    assert '"name": "Samy Jelassi"' in as_json.output
    as_csv = runner.invoke(
        main, ["query", "author_timeline", "-p", "author_id=Sham Kakade", "--format", "csv", "--db", str(db)]
    )
    assert as_csv.output.splitlines()[0] == "year,papers"
    path = runner.invoke(main, ["path", "Theo Datta", "Tong Zhang", "--db", str(db)])
    assert path.output.startswith("2 hop(s): Theo Datta – Sham M. Kakade – Tong Zhang")
    apart = runner.invoke(main, ["path", "Samy Jelassi", "Dhruv Madeka", "--db", str(db)])
    assert apart.exit_code == 1 and "not connected: no chain of coauthors links them" in apart.output
    bounded = runner.invoke(main, ["path", "Yuanzhi Li", "Tong Zhang", "--max-hops", "2", "--db", str(db)])
    assert (
        bounded.exit_code == 1 and "not connected by a chain of at most 2 coauthors (raise --max-hops" in bounded.output
    )
    same = runner.invoke(main, ["path", "Samy Jelassi", "samy jelassi", "--db", str(db)])
    assert same.exit_code == 1 and "the same person" in same.output
    several = runner.invoke(main, ["path", "D. Foster", "Tong Zhang", "--db", str(db)])
    assert several.exit_code == 0 and several.stdout.startswith("2 hop(s): Dylan J. Foster – Sham M. Kakade")
    note = several.stderr.strip()
    assert note.startswith("graphkit: note: 'D. Foster' matches 2 people: took Dylan J. Foster (2 papers, id gk-a-")
    dean = note.split("(1 paper, id ")[1].split(")")[0]
    by_id = runner.invoke(main, ["path", dean, "Tong Zhang", "--db", str(db)])
    assert by_id.stdout.startswith("2 hop(s): Dean P. Foster – Daniel Hsu – Tong Zhang") and not by_id.stderr
    missing = runner.invoke(main, ["query", "coauthors", "--db", str(db)])
    assert missing.exit_code == 2 and "parameter author_id (string) is required" in missing.output
