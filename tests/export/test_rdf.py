"""The RDF export parses back to the same counts, and the README's SPARQL queries answer as the store does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SDO

from graphkit.cli import main
from graphkit.export.rdf import iri, to_rdf, write_rdf
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES
from tests.export.conftest import NAMES, TITLE

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def store_path(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("rdf") / "g.lbdb"
    build([EXAMPLES, shared_data / "openalex" / "works_page1_per25.json"], db)
    return db


@pytest.mark.parametrize("rdf_format", ["turtle", "json-ld", "nt"])
def test_export_parses_back_with_the_same_counts(store_path: Path, tmp_path: Path, rdf_format: str) -> None:
    out = tmp_path / f"graph.{rdf_format}"
    result = CliRunner().invoke(
        main, ["export", "rdf", "-o", str(out), "--format", rdf_format, "--db", str(store_path)]
    )
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out, format=rdf_format)
    with EmbeddedStore(store_path, read_only=True) as store:
        counts = store.counts()
    assert len(set(graph.subjects(RDF.type, SDO.ScholarlyArticle))) == counts["Paper"] == 2093
    assert len(set(graph.subjects(RDF.type, SDO.Person))) == counts["Author"] == 533
    authorships = {
        (role, person) for role, person in graph.subject_objects(SDO.author) if (role, RDF.type, SDO.Role) in graph
    }
    assert len(authorships) == counts["AUTHORED"] == 667


def test_iris_and_external_links(store_path: Path) -> None:
    with EmbeddedStore(store_path, read_only=True) as store:
        graph = to_rdf(store)
        query = "MATCH (p:Paper) WHERE p.doi IS NOT NULL RETURN p.id AS id, p.doi AS doi LIMIT 1"
        paper = store.execute(query)[0]
        orcid = store.execute("MATCH (a:Author) WHERE a.orcid IS NOT NULL RETURN a.id AS id, a.orcid AS o LIMIT 1")[0]
    assert (iri("paper", paper["id"]), OWL.sameAs, URIRef(f"https://doi.org/{paper['doi']}")) in graph
    assert (iri("author", orcid["id"]), OWL.sameAs, URIRef(f"https://orcid.org/{orcid['o']}")) in graph


def test_the_readme_sparql_queries(store_path: Path) -> None:
    queries = re.findall(r"```sparql\n(.*?)```", README.read_text("utf-8"), flags=re.S)
    assert len(queries) == 3
    with EmbeddedStore(store_path, read_only=True) as store:
        graph = to_rdf(store)
        coauthors = store.execute(
            "MATCH (a:Author {name: 'Samy Jelassi'})-[c:COAUTHORED_WITH]-(b:Author) "
            "RETURN b.name AS name, c.papers AS papers ORDER BY papers DESC, name"
        )
        citing = store.execute(
            "MATCH (c:Paper)-[:CITES]->(:Paper {title: 'Job Burnout'}) RETURN c.title AS t ORDER BY t"
        )
        members = store.execute(
            "MATCH (a:Author)-[:AFFILIATED_WITH]->(:Institution {name: 'Utrecht University'}) "
            "RETURN DISTINCT a.name AS name ORDER BY name"
        )
    first, second, third = ([tuple(str(v) for v in row) for row in graph.query(q)] for q in queries)  # type: ignore[union-attr]
    assert first == [(r["name"], str(r["papers"])) for r in coauthors] and len(first) == 43
    assert first[:2] == [("David Brandfonbrener", "4"), ("Yuanzhi Li", "4")]
    assert [t for (t,) in second] == [r["t"] for r in citing] and len(second) == 2
    assert [n for (n,) in third] == [r["name"] for r in members] and len(third) == 32


@pytest.mark.parametrize("rdf_format", ["turtle", "nt"])
def test_streamed_files_hold_exactly_the_graphs_triples(store_path: Path, tmp_path: Path, rdf_format: str) -> None:
    out = tmp_path / f"graph.{rdf_format}"
    with EmbeddedStore(store_path, read_only=True) as store:
        written = write_rdf(store, out, rdf_format)
        expected = set(to_rdf(store))
    parsed = set(Graph().parse(out, format=rdf_format))
    assert parsed == expected and written == len(expected)


@pytest.mark.parametrize("rdf_format", ["turtle", "nt", "json-ld"])
def test_any_text_survives_every_rdf_format(hostile_store: Path, tmp_path: Path, rdf_format: str) -> None:
    out = tmp_path / f"hostile.{rdf_format}"
    with EmbeddedStore(hostile_store, read_only=True) as store:
        write_rdf(store, out, rdf_format)
        names = {row["name"] for row in store.execute("MATCH (a:Author) RETURN a.name AS name")}
        titles = {row["t"] for row in store.execute("MATCH (p:Paper) RETURN p.title AS t")}
    graph = Graph().parse(out, format=rdf_format)
    assert {str(name) for name in graph.objects(None, FOAF.name)} == names == set(NAMES)
    assert {str(title) for title in graph.objects(None, DCTERMS.title)} == titles
    assert TITLE in titles
