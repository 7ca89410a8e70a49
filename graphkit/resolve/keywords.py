"""Keywords of a whole corpus: one Keyword node per term, linked to the papers that carry it.

A paper's terms come from its records: the authors' keywords (WoS ``DE``, Scopus "Author Keywords", MEDLINE
``OT``), the terms an index assigned (WoS Keywords Plus, Scopus "Index Keywords", MeSH headings) and the topics a
source assigns (OpenAlex topics, Semantic Scholar fields of study). Each becomes a ``HAS_KEYWORD`` edge whose
``kind`` says which (``author``, ``indexed``, ``topic``); a paper holding a term as two kinds has two edges.

Two printed terms are one keyword when they fold to the same key (:func:`keyword_key`: case, accents,
punctuation and spacing ignored — ``Machine-learning`` and ``MACHINE LEARNING``). A keyword is named by the
spelling most papers use, preferring one that is not all capitals (Keywords Plus prints ``RADIATION-THERAPY``);
its other spellings are its ``aliases``. Matched over the whole corpus on every build, like citations and
institutions (:mod:`graphkit.resolve.links`).
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

from graphkit.core.text import fold
from graphkit.resolve.frame import MentionFrame
from graphkit.resolve.tables import NODE_SCHEMAS, REL_SCHEMAS

__all__ = ["KEYWORD_KINDS", "keyword_id", "keyword_key", "keyword_links"]

KEYWORD_KINDS = {"keywords": "author", "indexed_terms": "indexed", "topics": "topic"}
"""Staged list column of a paper record → the ``kind`` of its ``HAS_KEYWORD`` edges."""


def keyword_key(term: str) -> str:
    """The comparison key of a term: folded, punctuation and spacing ignored.

    Examples
    --------
    >>> keyword_key("Machine-learning") == keyword_key("MACHINE LEARNING") == keyword_key(" machine  learning ")
    True
    """
    return " ".join(fold(term).split())


def keyword_id(key: str) -> str:
    """The node id of a keyword key.

    Examples
    --------
    >>> keyword_id("machine learning")
    'kw:machine learning'
    """
    return f"kw:{key}"


def keyword_links(frame: MentionFrame) -> tuple[pa.Table, pa.Table]:
    """Keyword nodes and ``HAS_KEYWORD`` edges of the corpus (needs ``corpus_records``; see the module notes).

    Examples
    --------
    >>> from graphkit.core.models import PaperIds, PaperRecord, Provenance
    >>> from graphkit.resolve.bulk_authors import resolve_authors
    >>> from graphkit.resolve.bulk_papers import resolve_papers
    >>> from graphkit.resolve.links import frame_corpus
    >>> from graphkit.resolve.overrides import Overrides
    >>> from graphkit.stage.tables import records_to_tables
    >>> record = PaperRecord(title="A Study", ids=PaperIds(doi="10.1000/1"), keywords=["Machine-learning"],
    ...                      indexed_terms=["MACHINE LEARNING", "NEURAL-NETWORKS"],
    ...                      provenance=Provenance(source="x", format="wos"))
    >>> with MentionFrame([records_to_tables([record])]) as frame:
    ...     rules = Overrides()
    ...     _ = resolve_papers(frame, rules.papers.pairs()), resolve_authors(frame, rules.authors.pairs(), 100)
    ...     frame_corpus(frame)
    ...     nodes, edges = keyword_links(frame)
    >>> nodes.column("name").to_pylist(), edges.column("kind").to_pylist()
    (['Machine-learning', 'NEURAL-NETWORKS'], ['author', 'indexed', 'indexed'])
    """
    node_schema, edge_schema = NODE_SCHEMAS["Keyword"], REL_SCHEMAS["HAS_KEYWORD"]
    unnested = " UNION ALL ".join(
        f"SELECT src, rec, '{kind}' AS kind, {column} AS terms FROM all_papers WHERE len({column}) > 0"
        for column, kind in KEYWORD_KINDS.items()
    )
    mentions = frame.arrow(
        f"""
        SELECT r.paper_id, k.kind, trim(k.term) AS term
        FROM (SELECT src, rec, kind, unnest(terms) AS term FROM ({unnested})) k
        JOIN corpus_records r USING (src, rec)
        WHERE k.term IS NOT NULL AND trim(k.term) <> ''
        ORDER BY r.src, r.rec, k.kind, k.term
        """
    )
    if not mentions.num_rows:
        return node_schema.empty_table(), edge_schema.empty_table()
    terms = mentions.column("term").to_pylist()
    keys = {term: keyword_key(term) for term in dict.fromkeys(terms)}
    # Spellings by how many papers print them, first seen first among equals.
    papers_per_spelling: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for paper, term in zip(mentions.column("paper_id").to_pylist(), terms, strict=True):
        if (paper, term) not in seen:
            seen.add((paper, term))
            papers_per_spelling[term] += 1
    spellings: dict[str, list[str]] = {}
    for term in keys:
        if keys[term]:
            spellings.setdefault(keys[term], []).append(term)
    order = {term: index for index, term in enumerate(keys)}
    ids, names, aliases = [], [], []
    for key in sorted(spellings):
        forms = sorted(spellings[key], key=lambda t: (t.isupper(), -papers_per_spelling[t], order[t]))
        ids.append(keyword_id(key))
        names.append(forms[0])
        aliases.append(sorted(forms[1:]))
    nodes = pa.table({"id": ids, "name": names, "aliases": aliases}, schema=node_schema)
    frame.register(
        "_keyword_keys",
        pa.table({"term": list(keys), "id": [keyword_id(k) if k else None for k in keys.values()]}),
    )
    frame.register("_keyword_mentions", mentions)
    edges = frame.arrow(
        """
        SELECT DISTINCT m.paper_id AS src, k.id AS dst, m.kind
        FROM _keyword_mentions m JOIN _keyword_keys k USING (term) WHERE k.id IS NOT NULL
        ORDER BY src, dst, m.kind
        """
    )
    frame.drop("_keyword_keys", "_keyword_mentions")
    return nodes, edges.select(edge_schema.names).cast(edge_schema)
