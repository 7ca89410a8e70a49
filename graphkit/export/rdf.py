"""The knowledge graph as RDF, in standard vocabularies, with stable IRIs and links to external ids.

Vocabularies: schema.org (``ScholarlyArticle``, ``Person``, ``Organization``, ``Role`` for an authorship
with its byline position), Dublin Core terms (``title``, ``issued``, ``subject``, ``identifier``), FOAF
(``Person``, ``Organization``, ``name``), SKOS for arXiv categories, and the SPAR ontologies: FaBiO
(``fabio:ScholarlyWork``) for works and CiTO (``cito:cites``) for citations. ``owl:sameAs`` links every
entity to its external ids' canonical IRIs (arXiv, DOI, ORCID, ROR, OpenAlex).

IRIs are stable across builds because graphkit's ids are: ``https://w3id.org/graphkit/paper/arxiv%3A2410.01234``.
An authorship is the schema.org role pattern::

    <paper> schema:author <paper/…/author/1> .
    <paper/…/author/1> a schema:Role ; schema:author <author/…> ; schema:position 1 .
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SDO, SKOS, XSD

from graphkit.core.errors import GraphkitError
from graphkit.store.base import Runner
from graphkit.store.loader import stored_rows
from graphkit.store.schema import SCHEMA

__all__ = ["BASE", "CITO", "FABIO", "FORMATS", "GK", "iri", "to_rdf", "write_rdf"]

BASE = "https://w3id.org/graphkit/"
GK = Namespace(BASE)
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
FORMATS = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt"}

_EXTERNAL = {
    "arxiv_id": "https://arxiv.org/abs/{}",
    "doi": "https://doi.org/{}",
    "orcid": "https://orcid.org/{}",
    "ror": "https://ror.org/{}",
    "openalex_id": "https://openalex.org/{}",
}


def iri(kind: str, key: str) -> URIRef:
    """The stable IRI of a paper, author, institution or category.

    Examples
    --------
    >>> str(iri("paper", "arxiv:2410.01234"))
    'https://w3id.org/graphkit/paper/arxiv%3A2410.01234'
    """
    return URIRef(f"{BASE}{kind}/{quote(key, safe='')}")


def _same_as(graph: Graph, subject: URIRef, row: dict[str, Any]) -> None:
    for field, template in _EXTERNAL.items():
        value = row.get(field)
        if value:
            # OpenAlex ids are stored as W…/A…/I…; ROR and ORCID as bare ids; DOIs lower-cased.
            graph.add((subject, OWL.sameAs, URIRef(template.format(quote(str(value), safe="/:.-_")))))


def _triples_for_nodes(graph: Graph, runner: Runner) -> None:
    nodes, _ = stored_rows(runner)
    for row in nodes(SCHEMA.node("Paper")):
        paper = iri("paper", row["id"])
        graph.add((paper, RDF.type, SDO.ScholarlyArticle))
        graph.add((paper, RDF.type, FABIO.ScholarlyWork))
        graph.add((paper, DCTERMS.identifier, Literal(row["id"])))
        if row["title"]:
            graph.add((paper, DCTERMS.title, Literal(row["title"])))
            graph.add((paper, SDO.name, Literal(row["title"])))
        if row["date"]:
            graph.add((paper, DCTERMS.issued, Literal(row["date"], datatype=XSD.date)))
        elif row["year"]:
            graph.add((paper, DCTERMS.issued, Literal(str(row["year"]), datatype=XSD.gYear)))
        if row["abstract"]:
            graph.add((paper, DCTERMS.abstract, Literal(row["abstract"])))
        _same_as(graph, paper, row)
    for row in nodes(SCHEMA.node("Author")):
        person = iri("author", row["id"])
        graph.add((person, RDF.type, SDO.Person))
        graph.add((person, RDF.type, FOAF.Person))
        graph.add((person, DCTERMS.identifier, Literal(row["id"])))
        graph.add((person, SDO.name, Literal(row["name"])))
        graph.add((person, FOAF.name, Literal(row["name"])))
        for variant in row["name_variants"] or []:
            graph.add((person, SDO.alternateName, Literal(variant)))
        _same_as(graph, person, row)
    for row in nodes(SCHEMA.node("Institution")):
        organisation = iri("institution", row["id"])
        graph.add((organisation, RDF.type, SDO.Organization))
        graph.add((organisation, RDF.type, FOAF.Organization))
        graph.add((organisation, SDO.name, Literal(row["name"])))
        if row["country"]:
            graph.add((organisation, SDO.addressCountry, Literal(row["country"])))
        _same_as(graph, organisation, row)
    for row in nodes(SCHEMA.node("Category")):
        category = iri("category", row["code"])
        graph.add((category, RDF.type, SKOS.Concept))
        graph.add((category, SKOS.notation, Literal(row["code"])))
        if row["name"]:
            graph.add((category, SKOS.prefLabel, Literal(row["name"], lang="en")))


def _triples_for_edges(graph: Graph, runner: Runner) -> None:
    _, rels = stored_rows(runner)
    for number, row in enumerate(rels(SCHEMA.rel("AUTHORED"))):
        paper = iri("paper", row["dst"])
        # The role's IRI carries the position, or a running number where a truncated byline has none.
        role = URIRef(f"{paper}/author/{row['position'] or f'unplaced-{number}'}")
        graph.add((paper, SDO.author, role))
        graph.add((role, RDF.type, SDO.Role))
        graph.add((role, SDO.author, iri("author", row["src"])))
        if row["position"] is not None:
            graph.add((role, SDO.position, Literal(row["position"], datatype=XSD.integer)))
    for row in rels(SCHEMA.rel("CITES")):
        graph.add((iri("paper", row["src"]), CITO.cites, iri("paper", row["dst"])))
    for row in rels(SCHEMA.rel("IN_CATEGORY")):
        graph.add((iri("paper", row["src"]), DCTERMS.subject, iri("category", row["dst"])))
    for row in rels(SCHEMA.rel("AFFILIATED_WITH")):
        person = iri("author", row["src"])
        graph.add((person, SDO.affiliation, iri("institution", row["dst"])))
        if row["year"] is not None:  # the year, on a role like the authorship's
            membership = URIRef(f"{person}/affiliation/{quote(row['dst'], safe='')}/{row['year']}")
            graph.add((person, SDO.memberOf, membership))
            graph.add((membership, RDF.type, SDO.Role))
            graph.add((membership, SDO.memberOf, iri("institution", row["dst"])))
            graph.add((membership, SDO.startDate, Literal(str(row["year"]), datatype=XSD.gYear)))
    for row in rels(SCHEMA.rel("FROM_INSTITUTION")):
        graph.add((iri("paper", row["src"]), SDO.sourceOrganization, iri("institution", row["dst"])))


def to_rdf(runner: Runner) -> Graph:
    """An rdflib graph of everything a store holds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     g = to_rdf(store)
    >>> len(set(g.subjects(RDF.type, SDO.ScholarlyArticle)))
    134
    """
    graph = Graph()
    for prefix, namespace in (("schema", SDO), ("dcterms", DCTERMS), ("foaf", FOAF), ("owl", OWL), ("skos", SKOS),
                              ("fabio", FABIO), ("cito", CITO), ("gk", GK)):  # fmt: skip
        graph.bind(prefix, namespace)
    _triples_for_nodes(graph, runner)
    _triples_for_edges(graph, runner)
    return graph


def write_rdf(runner: Runner, path: str | Path, rdf_format: str = "turtle") -> int:
    """Serialise the store's graph to ``path`` in ``turtle``, ``json-ld`` or ``nt``; return the triple count."""
    if rdf_format not in FORMATS:
        raise GraphkitError(f"unknown RDF format {rdf_format!r}; choose one of {', '.join(FORMATS)}")
    graph = to_rdf(runner)
    graph.serialize(destination=str(path), format=FORMATS[rdf_format], encoding="utf-8")
    return len(graph)
