"""Assembly: records in, one resolved :class:`~graphkit.resolve.graph.KnowledgeGraph` out.

Steps: resolve papers (records that describe one paper become one node with the union of their
fields and every source), then authors (every byline name, every profile), then institutions,
then build the nodes and edges and derive coauthorships. The same person twice on one paper is
one authorship, at their first byline position.

Canonical ids are stable across builds: an external id where the entity has one
(``arxiv:2106.09685``, ``orcid:0000-…``, ``ror:03vek6s52``), otherwise a short hash of the
normalised title or name (``gk-p-…``, ``gk-a-…``), so rebuilding from the same records gives the
same ids.
"""

from __future__ import annotations

import gc
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from graphkit.core.models import AnyRecord, AuthorProfileRecord, CitationRecord, InstitutionRef, PaperRecord
from graphkit.core.names import parse_name
from graphkit.core.taxonomy import load_taxonomy
from graphkit.core.text import fold
from graphkit.resolve.authors import AuthorMention, AuthorResolver
from graphkit.resolve.base import Clustering, MergeDecision
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, Author, Category, Institution, KnowledgeGraph, Paper
from graphkit.resolve.institutions import InstitutionMention, InstitutionResolver, institution_key
from graphkit.resolve.overrides import Overrides
from graphkit.resolve.papers import PaperResolver

__all__ = ["assemble"]

_PAPER_ID_ORDER = ("arxiv", "doi", "openalex", "s2", "dblp")
_PAPER_ID_FIELDS = {"arxiv": "arxiv_id", "doi": "doi", "openalex": "openalex_id", "s2": "s2_id", "dblp": "dblp_key"}
_AUTHOR_ID_ORDER = ("orcid", "openalex", "s2", "dblp")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic structures.

    Building a graph allocates millions of small objects and no reference cycles; the collector's
    repeated scans of them cost a third of the run time and free nothing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _present(ids: object | None) -> dict[str, str]:
    """The ids a record actually carries, as a plain dictionary (quicker than ``model_dump``)."""
    return {} if ids is None else {kind: value for kind, value in vars(ids).items() if value}


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        taken.add(candidate)
        return candidate
    number = 2
    while f"{candidate}-{number}" in taken:
        number += 1
    taken.add(f"{candidate}-{number}")
    return f"{candidate}-{number}"


def assemble(
    records: Iterable[AnyRecord],
    overrides: Overrides | None = None,
    *,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
) -> KnowledgeGraph:
    """Resolve records into a knowledge graph.

    Parameters
    ----------
    records : iterable of PaperRecord or AuthorProfileRecord
        Typically from :func:`graphkit.extract.extract`.
    overrides : Overrides, optional
        The user's must-merge / must-not-merge decisions.
    coauthor_max_authors : int
        Papers with more authors add no coauthor pairs (see
        :meth:`~graphkit.resolve.graph.KnowledgeGraph.derive_coauthorships`).

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, Provenance
    >>> src = Provenance(source="x", line=1, format="ranked-list")
    >>> records = [
    ...     PaperRecord(title="A Study of Things", authors=[AuthorRef(name="Sham M. Kakade")], provenance=src),
    ...     PaperRecord(title="A study of things", authors=[AuthorRef(name="Sham Kakade")], provenance=src),
    ... ]
    >>> graph = assemble(records)
    >>> len(graph.papers), [a.name for a in graph.authors.values()]
    (1, ['Sham M. Kakade'])
    """
    with gc_paused():
        graph = _assemble(list(records), overrides or Overrides(), coauthor_max_authors)
    # The name caches have served this build; keeping them would hold every spelling in memory.
    parse_name.cache_clear()
    fold.cache_clear()
    return graph


def _assemble(all_records: list[AnyRecord], overrides: Overrides, coauthor_max_authors: int) -> KnowledgeGraph:
    paper_records = [r for r in all_records if isinstance(r, PaperRecord)]
    profiles = [r for r in all_records if isinstance(r, AuthorProfileRecord)]
    graph = KnowledgeGraph()

    paper_mentions = [
        PaperResolver.mention(r.title or "", r.date.year if r.date else None, r.author_names, _present(r.ids))
        for r in paper_records
    ]
    paper_clusters = PaperResolver(overrides.papers.pairs()).resolve(list(paper_mentions))
    paper_id_of_record = _build_papers(graph, paper_records, paper_clusters, [m.title_key for m in paper_mentions])
    _build_categories(graph, paper_records, paper_id_of_record)
    _build_citations(
        graph, paper_records, paper_id_of_record, [r for r in all_records if isinstance(r, CitationRecord)]
    )
    _build_authors(graph, paper_records, profiles, paper_id_of_record, overrides, coauthor_max_authors)
    _build_institutions(graph, paper_records, paper_id_of_record, overrides)
    graph.derive_coauthorships(coauthor_max_authors)
    graph.decisions = paper_clusters.decisions + graph.decisions
    return graph


def _merged_ids(cluster: Sequence[PaperRecord]) -> dict[str, str]:
    """The first value of every id kind over the cluster's records."""
    if len(cluster) == 1:
        return _present(cluster[0].ids)
    ids: dict[str, str] = {}
    for record in cluster:
        for kind, value in _present(record.ids).items():
            ids.setdefault(kind, value)
    return ids


def _paper_id(ids: dict[str, str], title_key: str, taken: set[str]) -> str:
    for kind in _PAPER_ID_ORDER:
        if kind in ids:
            return _unique(f"{kind}:{ids[kind]}", taken)
    return _unique("gk-p-" + _short_hash(title_key), taken)


def _build_papers(
    graph: KnowledgeGraph, records: list[PaperRecord], clustering: Clustering, title_keys: list[str]
) -> list[str]:
    taken: set[str] = set()
    paper_id_of_record = [""] * len(records)
    for members in clustering.clusters().values():
        cluster = [records[i] for i in members]
        ids = _merged_ids(cluster)
        paper_id = _paper_id(ids, title_keys[members[0]], taken)
        for i in members:
            paper_id_of_record[i] = paper_id
        graph.papers[paper_id] = _merge_paper(paper_id, cluster, ids)
    labels_to_id = {}
    for members in clustering.clusters().values():
        labels_to_id[records[members[0]].title or ""] = paper_id_of_record[members[0]]
    for decision in clustering.decisions:
        if decision.outcome == "merged":
            decision.canonical_id = next(
                (labels_to_id[label] for label in decision.labels if label in labels_to_id), None
            )
    return paper_id_of_record


def _merge_paper(paper_id: str, cluster: Sequence[PaperRecord], ids: dict[str, str]) -> Paper:
    """Union of the cluster's fields: explicit dates beat inferred ones, longest abstract, all sources."""
    if len(cluster) == 1:
        (r,) = cluster
        return Paper(
            paper_id, r.title, r.date, r.date.year if r.date else None, r.date_precision, r.year_inferred,
            r.abstract, ids.get("doi"), ids.get("arxiv"), ids.get("openalex"), ids.get("s2"), ids.get("dblp"),
            r.author_count, r.authors_complete, r.cited_by_count, r.category, r.score, r.upvotes, r.has_code,
            [r.provenance.location()],
        )  # fmt: skip
    dated = [r for r in cluster if r.date is not None]
    explicit = [r for r in dated if not r.year_inferred]
    best_dated = min(explicit or dated, key=lambda r: r.date) if dated else None  # type: ignore[arg-type,return-value]
    abstracts = [r.abstract for r in cluster if r.abstract]
    counts = [r.author_count for r in cluster if r.author_count is not None]
    upvotes = [r.upvotes for r in cluster if r.upvotes is not None]
    return Paper(
        id=paper_id,
        title=cluster[0].title,
        date=best_dated.date if best_dated else None,
        year=best_dated.date.year if best_dated and best_dated.date else None,
        date_precision=best_dated.date_precision if best_dated else None,
        year_inferred=best_dated.year_inferred if best_dated else False,
        abstract=max(abstracts, key=len) if abstracts else None,
        arxiv_id=ids.get("arxiv"),
        doi=ids.get("doi"),
        openalex_id=ids.get("openalex"),
        s2_id=ids.get("s2"),
        dblp_key=ids.get("dblp"),
        author_count=max(counts) if counts else None,
        authors_complete=any(r.authors_complete for r in cluster),
        category=next((r.category for r in cluster if r.category), None),
        score=next((r.score for r in cluster if r.score is not None), None),
        upvotes=max(upvotes) if upvotes else None,
        citation_count=max((r.cited_by_count for r in cluster if r.cited_by_count is not None), default=None),
        has_code=any(r.has_code for r in cluster),
        sources=sorted({r.provenance.location() for r in cluster}),
    )


def _build_categories(graph: KnowledgeGraph, records: list[PaperRecord], paper_id_of_record: list[str]) -> None:
    taxonomy = load_taxonomy()
    for record, paper_id in zip(records, paper_id_of_record, strict=True):
        codes = record.categories or ([record.category] if record.category else [])
        for code in codes:
            if code not in graph.categories:
                cat = taxonomy.get(code)
                graph.categories[cat.code] = Category(cat.code, cat.name, cat.archive, cat.group)
            primary = graph.papers[paper_id].category == code
            graph.in_category[(paper_id, code)] = graph.in_category.get((paper_id, code), False) or primary


class _PaperIndex:
    """Finds a paper by any of its external ids; a paper known only by id becomes a stub node."""

    def __init__(self, graph: KnowledgeGraph) -> None:
        self.graph = graph
        self.by_id: dict[tuple[str, str], str] = {}
        for paper in graph.papers.values():
            for kind, attr in _PAPER_ID_FIELDS.items():
                value = getattr(paper, attr)
                if value:
                    self.by_id.setdefault((kind, value), paper.id)

    def find_or_stub(self, ids: dict[str, str]) -> str | None:
        """The paper with any of these ids, or a new stub carrying them; ``None`` for no ids."""
        for kind in _PAPER_ID_ORDER:
            if kind in ids and (kind, ids[kind]) in self.by_id:
                return self.by_id[(kind, ids[kind])]
        first_kind = next((k for k in _PAPER_ID_ORDER if k in ids), None)
        if first_kind is None:
            return None
        # A cited work not otherwise known stays as a paper with only its ids, so no citation is lost.
        stub = Paper(id=f"{first_kind}:{ids[first_kind]}", title=None)
        for other, value in ids.items():
            setattr(stub, _PAPER_ID_FIELDS[other], value)
        self.graph.papers[stub.id] = stub
        for other, value in ids.items():
            self.by_id.setdefault((other, value), stub.id)
        return stub.id


def _build_citations(
    graph: KnowledgeGraph, records: list[PaperRecord], paper_id_of_record: list[str], citations: list[CitationRecord]
) -> None:
    index = _PaperIndex(graph)
    for record, paper_id in zip(records, paper_id_of_record, strict=True):
        for reference in record.references:
            cited = index.find_or_stub(_present(reference))
            if cited is not None and cited != paper_id:
                graph.cites.add((paper_id, cited))
    for citation in citations:
        citing, cited = index.find_or_stub(_present(citation.citing)), index.find_or_stub(_present(citation.cited))
        if citing is not None and cited is not None and citing != cited:
            graph.cites.add((citing, cited))


def _build_authors(
    graph: KnowledgeGraph,
    records: list[PaperRecord],
    profiles: list[AuthorProfileRecord],
    paper_id_of_record: list[str],
    overrides: Overrides,
    coauthor_max_authors: int,
) -> None:
    paper_index = {paper_id: i for i, paper_id in enumerate(graph.papers)}
    mentions: list[AuthorMention] = []
    positions: list[tuple[str | None, int | None]] = []  # (paper id, byline position) per mention
    sources: list[str] = []
    for record, paper_id in zip(records, paper_id_of_record, strict=True):
        location = record.provenance.location()
        paper_number = paper_index[paper_id]
        for position, author in enumerate(record.authors, start=1):
            mentions.append(AuthorResolver.mention(author.name, _present(author.ids), paper_number))
            positions.append((paper_id, position))
            sources.append(location)
        if record.profile_author:
            # The profiled author wrote the paper even where the byline shown stops before them.
            mentions.append(AuthorResolver.mention(record.profile_author, None, paper_number))
            positions.append((paper_id, None))
            sources.append(location)
    profile_start = len(mentions)
    for profile in profiles:
        mentions.append(AuthorResolver.mention(profile.name))
        positions.append((None, None))
        sources.append(profile.provenance.location())

    clustering = AuthorResolver(overrides.authors.pairs(), coauthor_max_authors=coauthor_max_authors).resolve(
        list(mentions)
    )
    taken: set[str] = set()
    author_id_of_cluster: dict[int, str] = {}
    for cluster, members in clustering.clusters().items():
        merged = _merge_author(members, mentions, sources, taken)
        author_id_of_cluster[cluster] = merged.id
        graph.authors[merged.id] = merged
    for i, profile in enumerate(profiles, start=profile_start):
        profiled = graph.authors[author_id_of_cluster[clustering.cluster_of[i]]]
        profiled.profile_h_index = profile.h_index
        profiled.profile_citations = profile.citations
        profiled.profile_paper_count = profile.paper_count
    for i, (on_paper, byline_position) in enumerate(positions):
        if on_paper is None:
            continue
        edge = (author_id_of_cluster[clustering.cluster_of[i]], on_paper)
        if edge not in graph.authored:
            graph.authored[edge] = byline_position
        elif byline_position is not None:
            # One person twice on a paper is one authorship, at their first byline position.
            known = graph.authored[edge]
            graph.authored[edge] = byline_position if known is None else min(known, byline_position)
    name_to_id = {mentions[members[0]].label: author_id_of_cluster[c] for c, members in clustering.clusters().items()}
    for decision in clustering.decisions:
        if decision.outcome == "merged":
            decision.canonical_id = next((name_to_id[n] for n in decision.labels if n in name_to_id), None)
    graph.decisions.extend(clustering.decisions)


def _merge_author(members: list[int], mentions: list[AuthorMention], sources: list[str], taken: set[str]) -> Author:
    if len(members) == 1:
        mention = mentions[members[0]]
        kind = next((k for k in _AUTHOR_ID_ORDER if k in mention.ids), None)
        author_id = _unique(f"{kind}:{mention.ids[kind]}" if kind else "gk-a-" + _short_hash(mention.parsed.key), taken)
        return Author(
            author_id, mention.label, [], mention.ids.get("orcid"), mention.ids.get("openalex"), mention.ids.get("s2"),
            mention.ids.get("dblp"), sources=[sources[members[0]]],
        )  # fmt: skip
    spellings = Counter(mentions[i].label for i in members)
    # The most specific spelling names the person ("Sham M. Kakade" over "Sham Kakade"), then the most frequent.
    order = {spelling: index for index, spelling in enumerate(spellings)}
    name = max(spellings, key=lambda s: (parse_name(s).specificity, spellings[s], -order[s]))
    ids: dict[str, str] = {}
    for i in members:
        for kind, value in mentions[i].ids.items():
            ids.setdefault(kind, value)
    by_id = next((f"{kind}:{ids[kind]}" for kind in _AUTHOR_ID_ORDER if kind in ids), None)
    author_id = _unique(by_id or "gk-a-" + _short_hash(parse_name(name).key), taken)
    return Author(
        id=author_id,
        name=name,
        name_variants=sorted(set(spellings) - {name}),
        orcid=ids.get("orcid"),
        openalex_id=ids.get("openalex"),
        s2_id=ids.get("s2"),
        dblp_id=ids.get("dblp"),
        sources=sorted({sources[i] for i in members}),
    )


def _build_institutions(
    graph: KnowledgeGraph, records: list[PaperRecord], paper_id_of_record: list[str], overrides: Overrides
) -> None:
    mentions: list[InstitutionMention] = []
    owners: list[tuple[str, str | None]] = []  # (paper id, author name or None for per-paper)
    for record, paper_id in zip(records, paper_id_of_record, strict=True):
        refs: list[tuple[InstitutionRef, str | None]] = [(ref, None) for ref in record.affiliations]
        if record.organisation is not None:
            refs.append((record.organisation, None))
        refs.extend((ref, author.name) for author in record.authors for ref in author.affiliations)
        for ref, author_name in refs:
            mentions.append(InstitutionResolver.mention(ref))
            owners.append((paper_id, author_name))
    if not mentions:
        return
    clustering = InstitutionResolver(overrides.institutions.pairs()).resolve(list(mentions))
    id_of_cluster: dict[int, str] = {}
    taken: set[str] = set()
    for cluster, members in clustering.clusters().items():
        institution = _merge_institution([mentions[i] for i in members], taken)
        id_of_cluster[cluster] = institution.id
        graph.institutions[institution.id] = institution
    ids_by_paper_and_name = _author_ids_by_paper_and_name(graph)
    for i, (paper_id, author_name) in enumerate(owners):
        institution_id = id_of_cluster[clustering.cluster_of[i]]
        if author_name is None:
            graph.from_institution.add((paper_id, institution_id))
            continue
        # A paper's institutions are those of any of its authors, too.
        graph.from_institution.add((paper_id, institution_id))
        author_id = ids_by_paper_and_name.get((paper_id, author_name))
        if author_id is not None:
            graph.affiliated_with.add((author_id, institution_id, graph.papers[paper_id].year))
    graph.decisions.extend(_with_canonical_ids(clustering.decisions, mentions, clustering, id_of_cluster))


def _author_ids_by_paper_and_name(graph: KnowledgeGraph) -> dict[tuple[str, str], str]:
    result: dict[tuple[str, str], str] = {}
    for author_id, paper_id in graph.authored:
        author = graph.authors[author_id]
        for name in (author.name, *author.name_variants):
            result[(paper_id, name)] = author_id
    return result


def _merge_institution(cluster: list[InstitutionMention], taken: set[str]) -> Institution:
    alias = next((m.alias for m in cluster if m.alias is not None), None)
    ror = next((m.ids["ror"] for m in cluster if "ror" in m.ids), None)
    labels = Counter(m.label for m in cluster)
    # A display name beats a slug: prefer labels with capitals or spaces.
    name = alias.name if alias else max(labels, key=lambda s: (s != s.lower() or " " in s, labels[s]))
    country = next((m.ref.country for m in cluster if m.ref and m.ref.country), alias.country if alias else None)
    slug = ror.rsplit("/", 1)[-1] if ror else None
    institution_id = _unique(f"ror:{slug}" if slug else "gk-i-" + institution_key(name).replace(" ", "-"), taken)
    return Institution(id=institution_id, name=name, ror=ror, country=country, aliases=sorted(set(labels) - {name}))


def _with_canonical_ids(
    decisions: list[MergeDecision],
    mentions: Sequence[InstitutionMention],
    clustering: Clustering,
    id_of_cluster: dict[int, str],
) -> list[MergeDecision]:
    label_to_id = {m.label: id_of_cluster[clustering.cluster_of[i]] for i, m in enumerate(mentions)}
    for decision in decisions:
        if decision.outcome == "merged":
            decision.canonical_id = next(
                (label_to_id[label] for label in decision.labels if label in label_to_id), None
            )
    return decisions
