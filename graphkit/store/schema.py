"""One schema for every store: node labels with their keys and properties, relationship types.

The LadybugDB DDL is generated from :data:`SCHEMA`, and so are the rows each store writes, so
the two stores cannot drift apart. Labels, property names and types come only from this fixed
list: they are the only identifiers ever formatted into Cypher text; values always travel as
parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "AUTHOR_METRICS",
    "BURST_METRICS",
    "METRIC_RELS",
    "OWNED_METRICS",
    "PAPER_METRICS",
    "SCHEMA",
    "SNAPSHOT_OF",
    "NodeType",
    "Property",
    "RelType",
    "Schema",
]


@dataclass(frozen=True)
class Property:
    """A property and its LadybugDB type (``STRING``, ``INT64``, ``DOUBLE``, ``BOOLEAN``, ``DATE``, ``STRING[]``)."""

    name: str
    type: str


@dataclass(frozen=True)
class NodeType:
    """A node label, its key property and its other properties."""

    label: str
    key: str
    properties: tuple[Property, ...]

    @property
    def all_properties(self) -> tuple[Property, ...]:
        """The key (a ``STRING``) followed by the other properties."""
        return (Property(self.key, "STRING"), *self.properties)


@dataclass(frozen=True)
class RelType:
    """A relationship type between two labels, with its properties."""

    type: str
    source: str
    target: str
    properties: tuple[Property, ...] = ()

    def ladybug_ddl(self) -> str:
        """The ``CREATE REL TABLE`` statement of this type.

        Examples
        --------
        >>> RelType("CITES", "Paper", "Paper").ladybug_ddl()
        'CREATE REL TABLE IF NOT EXISTS CITES(FROM Paper TO Paper)'
        """
        columns = "".join(f", {p.name} {p.type}" for p in self.properties)
        return f"CREATE REL TABLE IF NOT EXISTS {self.type}(FROM {self.source} TO {self.target}{columns})"


@dataclass(frozen=True)
class Schema:
    """All node and relationship types."""

    nodes: tuple[NodeType, ...]
    rels: tuple[RelType, ...]

    def node(self, label: str) -> NodeType:
        """The node type with this label."""
        return next(n for n in self.nodes if n.label == label)

    def rel(self, type_: str) -> RelType:
        """The relationship type with this name."""
        return next(r for r in self.rels if r.type == type_)

    def ladybug_ddl(self) -> Iterator[str]:
        """``CREATE NODE TABLE`` / ``CREATE REL TABLE`` statements, nodes first.

        Examples
        --------
        >>> next(SCHEMA.ladybug_ddl()).split(",")[0]
        'CREATE NODE TABLE IF NOT EXISTS Paper(id STRING PRIMARY KEY'
        """
        for node in self.nodes:
            columns = ", ".join([f"{node.key} STRING PRIMARY KEY", *(f"{p.name} {p.type}" for p in node.properties)])
            yield f"CREATE NODE TABLE IF NOT EXISTS {node.label}({columns})"
        for rel in self.rels:
            yield rel.ladybug_ddl()


AUTHOR_METRICS = (
    "papers", "coauthors", "weighted_degree", "pagerank", "betweenness", "core_number", "clustering", "community",
    "community_size", "citations", "h_index", "g_index", "i10_index",
)  # fmt: skip
"""Author properties that ``graphkit analyze`` owns: it writes these and nothing else on Author nodes."""
PAPER_METRICS = ("graph_citations", "citation_pagerank")
"""Paper properties that ``graphkit analyze`` owns."""
METRIC_RELS = ("COCITED_WITH", "COUPLED_WITH")
"""Relationship types that ``graphkit analyze`` owns (replaced whole on every run)."""
BURST_METRICS = ("burst_start", "burst_end", "burst_strength")
"""The strongest Kleinberg burst of a paper's citations, an author's papers or a category's papers: first and last
year, and strength (``graphkit analyze``'s burst steps own these on Paper, Author and Category)."""
OWNED_METRICS: dict[str, tuple[str, ...]] = {
    "Author": (*AUTHOR_METRICS, *BURST_METRICS),
    "Paper": (*PAPER_METRICS, *BURST_METRICS),
    "Category": BURST_METRICS,
}
"""Every property ``graphkit analyze`` owns, per label."""
SNAPSHOT_OF: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "Author": ("AuthorSnapshot", "AUTHOR_SNAPSHOT", AUTHOR_METRICS),
    "Paper": ("PaperSnapshot", "PAPER_SNAPSHOT", PAPER_METRICS),
}
"""Per label, the node label holding its metrics as they stood on a day (``graphkit analyze --as-of``), the
relationship type linking a node to its snapshots, and the metrics a snapshot can hold."""


def _props(spec: str) -> tuple[Property, ...]:
    return tuple(Property(*item.split(":")) for item in spec.split())


SCHEMA = Schema(
    nodes=(
        NodeType(
            "Paper",
            "id",
            _props(
                "title:STRING date:DATE year:INT64 date_precision:STRING year_inferred:BOOLEAN abstract:STRING "
                "doi:STRING arxiv_id:STRING openalex_id:STRING s2_id:STRING dblp_key:STRING wos_id:STRING "
                "scopus_id:STRING pmid:STRING venue:STRING volume:STRING pages:STRING author_count:INT64 "
                "authors_complete:BOOLEAN citation_count:INT64 category:STRING score:DOUBLE upvotes:INT64 "
                "has_code:BOOLEAN sources:STRING[] graph_citations:INT64 citation_pagerank:DOUBLE burst_start:INT64 "
                "burst_end:INT64 burst_strength:DOUBLE"
            ),
        ),
        NodeType(
            "Author",
            "id",
            _props(
                "name:STRING name_variants:STRING[] orcid:STRING openalex_id:STRING s2_id:STRING dblp_id:STRING "
                "scopus_id:STRING "
                "profile_h_index:INT64 profile_citations:INT64 profile_paper_count:INT64 sources:STRING[] "
                # Written by `graphkit analyze` (null until then):
                "papers:INT64 coauthors:INT64 weighted_degree:INT64 pagerank:DOUBLE betweenness:DOUBLE "
                "core_number:INT64 clustering:DOUBLE community:INT64 community_size:INT64 citations:INT64 "
                "h_index:INT64 g_index:INT64 i10_index:INT64 burst_start:INT64 burst_end:INT64 burst_strength:DOUBLE"
            ),
        ),
        NodeType("Institution", "id", _props("name:STRING ror:STRING country:STRING aliases:STRING[]")),
        NodeType(
            "Category",
            "code",
            _props(
                "name:STRING archive:STRING group_name:STRING burst_start:INT64 burst_end:INT64 burst_strength:DOUBLE"
            ),
        ),
        NodeType("Keyword", "id", _props("name:STRING aliases:STRING[]")),
        # Written by `graphkit analyze --as-of`: one Snapshot per day asked, and each author's and paper's metrics as
        # they stood that day (id "<author or paper id>@<day>"), linked from the author or paper.
        NodeType(
            "Snapshot",
            "id",
            _props(
                "as_of:DATE year:INT64 authors:INT64 papers:INT64 citations:INT64 coauthor_pairs:INT64 "
                "communities:INT64 modularity:DOUBLE community_method:STRING engine:STRING seed:INT64 "
                "betweenness_error:DOUBLE metrics:STRING[]"
            ),
        ),
        NodeType(
            "AuthorSnapshot",
            "id",
            _props(
                "author:STRING as_of:DATE year:INT64 papers:INT64 coauthors:INT64 weighted_degree:INT64 "
                "pagerank:DOUBLE betweenness:DOUBLE core_number:INT64 clustering:DOUBLE community:INT64 "
                "community_size:INT64 citations:INT64 h_index:INT64 g_index:INT64 i10_index:INT64"
            ),
        ),
        NodeType(
            "PaperSnapshot",
            "id",
            _props("paper:STRING as_of:DATE year:INT64 graph_citations:INT64 citation_pagerank:DOUBLE"),
        ),
    ),
    rels=(
        RelType("AUTHORED", "Author", "Paper", _props("position:INT64")),
        RelType("CITES", "Paper", "Paper"),
        # "primary" is a reserved word in LadybugDB, hence is_primary.
        RelType("IN_CATEGORY", "Paper", "Category", _props("is_primary:BOOLEAN")),
        RelType("AFFILIATED_WITH", "Author", "Institution", _props("year:INT64")),
        RelType("FROM_INSTITUTION", "Paper", "Institution"),
        RelType("COAUTHORED_WITH", "Author", "Author", _props("papers:INT64 first_year:INT64 last_year:INT64")),
        # kind: "author" (the authors' keywords), "indexed" (an index's terms: Keywords Plus, MeSH), "topic".
        RelType("HAS_KEYWORD", "Paper", "Keyword", _props("kind:STRING")),
        # Written by `graphkit analyze`: each paper's top-k co-cited and bibliographically coupled papers.
        RelType("COCITED_WITH", "Paper", "Paper", _props("weight:INT64")),
        RelType("COUPLED_WITH", "Paper", "Paper", _props("weight:INT64")),
        RelType("AUTHOR_SNAPSHOT", "Author", "AuthorSnapshot"),
        RelType("PAPER_SNAPSHOT", "Paper", "PaperSnapshot"),
    ),
)
"""The graph schema shared by the embedded store and Neo4j."""
