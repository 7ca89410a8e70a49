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

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, SDO, SKOS, XSD

from graphkit.core.errors import GraphkitError
from graphkit.export.rdf_text import NTriplesWriter, Triple, TurtleWriter
from graphkit.store.base import Runner
from graphkit.store.loader import stored_rows
from graphkit.store.schema import SCHEMA

__all__ = ["BASE", "CITO", "FABIO", "FORMATS", "GK", "PREFIXES", "iri", "to_rdf", "triples", "write_rdf"]

BASE = "https://w3id.org/graphkit/"
GK = Namespace(BASE)
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
FORMATS = ("turtle", "nt", "json-ld")
PREFIXES: dict[str, str] = {
    name: str(namespace)
    for name, namespace in (("schema", SDO), ("dcterms", DCTERMS), ("foaf", FOAF), ("owl", OWL), ("skos", SKOS),
                            ("fabio", FABIO), ("cito", CITO), ("gk", GK), ("rdf", RDF), ("xsd", XSD))
}  # fmt: skip
"""The prefixes of the Turtle file (and of the rdflib graph)."""

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


def _same_as(subject: URIRef, row: dict[str, Any]) -> Iterator[Triple]:
    for field, template in _EXTERNAL.items():
        value = row.get(field)
        if value:
            # OpenAlex ids are stored as W…/A…/I…; ROR and ORCID as bare ids; DOIs lower-cased.
            yield (subject, OWL.sameAs, URIRef(template.format(quote(str(value), safe="/:.-_"))))


def _node_triples(runner: Runner) -> Iterator[Triple]:
    nodes, _ = stored_rows(runner)
    for row in nodes(SCHEMA.node("Paper")):
        paper = iri("paper", row["id"])
        yield (paper, RDF.type, SDO.ScholarlyArticle)
        yield (paper, RDF.type, FABIO.ScholarlyWork)
        yield (paper, DCTERMS.identifier, Literal(row["id"]))
        if row["title"]:
            yield (paper, DCTERMS.title, Literal(row["title"]))
            yield (paper, SDO.name, Literal(row["title"]))
        if row["date"]:
            yield (paper, DCTERMS.issued, Literal(row["date"], datatype=XSD.date))
        elif row["year"]:
            yield (paper, DCTERMS.issued, Literal(str(row["year"]), datatype=XSD.gYear))
        if row["abstract"]:
            yield (paper, DCTERMS.abstract, Literal(row["abstract"]))
        yield from _same_as(paper, row)
    for row in nodes(SCHEMA.node("Author")):
        person = iri("author", row["id"])
        yield (person, RDF.type, SDO.Person)
        yield (person, RDF.type, FOAF.Person)
        yield (person, DCTERMS.identifier, Literal(row["id"]))
        yield (person, SDO.name, Literal(row["name"]))
        yield (person, FOAF.name, Literal(row["name"]))
        for variant in row["name_variants"] or []:
            yield (person, SDO.alternateName, Literal(variant))
        yield from _same_as(person, row)
    for row in nodes(SCHEMA.node("Institution")):
        organisation = iri("institution", row["id"])
        yield (organisation, RDF.type, SDO.Organization)
        yield (organisation, RDF.type, FOAF.Organization)
        yield (organisation, SDO.name, Literal(row["name"]))
        if row["country"]:
            yield (organisation, SDO.addressCountry, Literal(row["country"]))
        yield from _same_as(organisation, row)
    for row in nodes(SCHEMA.node("Category")):
        category = iri("category", row["code"])
        yield (category, RDF.type, SKOS.Concept)
        yield (category, SKOS.notation, Literal(row["code"]))
        if row["name"]:
            yield (category, SKOS.prefLabel, Literal(row["name"], lang="en"))
    for row in nodes(SCHEMA.node("Keyword")):
        keyword = iri("keyword", row["id"])
        yield (keyword, RDF.type, SKOS.Concept)
        yield (keyword, SKOS.prefLabel, Literal(row["name"]))
        for alias in row["aliases"] or []:
            yield (keyword, SKOS.altLabel, Literal(alias))


def _edge_triples(runner: Runner) -> Iterator[Triple]:
    _, rels = stored_rows(runner)
    for number, row in enumerate(rels(SCHEMA.rel("AUTHORED"))):
        paper = iri("paper", row["dst"])
        # The role's IRI carries the position, or a running number where a truncated byline has none.
        role = URIRef(f"{paper}/author/{row['position'] or f'unplaced-{number}'}")
        yield (paper, SDO.author, role)
        yield (role, RDF.type, SDO.Role)
        yield (role, SDO.author, iri("author", row["src"]))
        if row["position"] is not None:
            yield (role, SDO.position, Literal(row["position"], datatype=XSD.integer))
    for row in rels(SCHEMA.rel("CITES")):
        yield (iri("paper", row["src"]), CITO.cites, iri("paper", row["dst"]))
    for row in rels(SCHEMA.rel("IN_CATEGORY")):
        yield (iri("paper", row["src"]), DCTERMS.subject, iri("category", row["dst"]))
    affiliated: set[tuple[str, str]] = set()  # one schema:affiliation per person and place, whatever the years
    for row in rels(SCHEMA.rel("AFFILIATED_WITH")):
        person = iri("author", row["src"])
        if (row["src"], row["dst"]) not in affiliated:
            affiliated.add((row["src"], row["dst"]))
            yield (person, SDO.affiliation, iri("institution", row["dst"]))
        if row["year"] is not None:  # the year, on a role like the authorship's
            membership = URIRef(f"{person}/affiliation/{quote(row['dst'], safe='')}/{row['year']}")
            yield (person, SDO.memberOf, membership)
            yield (membership, RDF.type, SDO.Role)
            yield (membership, SDO.memberOf, iri("institution", row["dst"]))
            yield (membership, SDO.startDate, Literal(str(row["year"]), datatype=XSD.gYear))
    for row in rels(SCHEMA.rel("FROM_INSTITUTION")):
        yield (iri("paper", row["src"]), SDO.sourceOrganization, iri("institution", row["dst"]))
    for row in rels(SCHEMA.rel("HAS_KEYWORD")):  # whatever the kind (the authors', an index's, a topic)
        yield (iri("paper", row["src"]), SDO.about, iri("keyword", row["dst"]))


def triples(runner: Runner) -> Iterator[Triple]:
    """Every triple of a store's graph, node by node then edge by edge, as the store streams them.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     sum(1 for _ in triples(store))
    2518
    """
    yield from _node_triples(runner)
    yield from _edge_triples(runner)


def to_rdf(runner: Runner) -> Graph:
    """An rdflib graph of everything a store holds (in memory: for JSON-LD, and for graphs that fit).

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
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples(runner):
        graph.add(triple)
    return graph


def write_rdf(runner: Runner, path: str | Path, rdf_format: str = "turtle") -> int:
    """Serialise the store's graph to ``path`` in ``turtle``, ``nt`` or ``json-ld``; return the triple count.

    Turtle and N-Triples are streamed as the store gives its rows (:mod:`graphkit.export.rdf_text`): memory
    stays flat and the hep-th graph takes seconds. JSON-LD is built in memory by rdflib.
    """
    if rdf_format not in FORMATS:
        raise GraphkitError(f"unknown RDF format {rdf_format!r}; choose one of {', '.join(FORMATS)}")
    if rdf_format == "json-ld":
        graph = to_rdf(runner)
        graph.serialize(destination=str(path), format="json-ld", encoding="utf-8")
        return len(graph)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        writer = TurtleWriter(handle, PREFIXES) if rdf_format == "turtle" else NTriplesWriter(handle)
        return writer.write(triples(runner))
