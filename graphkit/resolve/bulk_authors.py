"""Author resolution over the mention frame: spellings and ids joined in bulk, name rules per block.

Every byline name, every profiled author of a listing and every profile is a mention, numbered
``am`` in record order (table ``am``). Mentions that share a folded spelling, an external id, or a
name block (surname and first initial, where the name has given names) form candidate components
(:mod:`graphkit.resolve.components`). Then:

* a component with one display spelling, no ids and no override is one person, decided without a
  Python object per mention (most people in any corpus);
* the other components go, in one call and in mention order, to
  :class:`~graphkit.resolve.authors.AuthorResolver`, with the corpus's coauthors as context
  (:class:`StagedCoauthors`). A mention with no ids and no override that repeats an earlier
  spelling is not sent again: it can only join the person of the first mention of its spelling,
  which is exactly where that earlier one goes, so the clusters and decisions are those of a run over
  every mention.

The result is the frame table ``author_of (am, cluster, author_id)`` and ``author_nodes`` (columns of
:data:`~graphkit.resolve.tables.NODE_SCHEMAS` ``["Author"]``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from graphkit.core.errors import OverridesError, ResolveError
from graphkit.core.models import AnyRecord
from graphkit.core.names import compatible, is_initial, parse_name
from graphkit.core.settings import DEFAULT_COAUTHOR_MAX_AUTHORS
from graphkit.core.text import normalise_title
from graphkit.resolve.author_block import AuthorBlock, BlockMention, chunks
from graphkit.resolve.author_clusters import BlockDecision, cluster_block, mention_scores
from graphkit.resolve.author_context import BYLINE, PROFILED, batch_blocks
from graphkit.resolve.author_model import AuthorModel
from graphkit.resolve.authors import AuthorResolver
from graphkit.resolve.base import Mention, MergeDecision, OverridePairs
from graphkit.resolve.bulk_papers import PAPER_ID_KINDS, candidate_names, resolve_papers, short_hash, unique_ids
from graphkit.resolve.components import components
from graphkit.resolve.frame import MentionFrame
from graphkit.stage.tables import records_to_tables

__all__ = [
    "AUTHOR_ID_KINDS",
    "MODEL_MAX_MENTIONS",
    "RESOLVE_BATCH_MENTIONS",
    "StagedCoauthors",
    "author_blocks",
    "component_batches",
    "resolve_authors",
]

AUTHOR_ID_KINDS = ("orcid", "openalex", "s2", "dblp", "scopus")
"""Author id kinds, in the order that picks a person's canonical id."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def resolve_authors(
    frame: MentionFrame, overrides: OverridePairs, coauthor_max_authors: int, model: AuthorModel | None = None
) -> list[MergeDecision]:
    """Resolve the frame's author mentions into ``author_of`` and ``author_nodes``; return the decisions.

    Needs ``paper_of`` (:func:`~graphkit.resolve.bulk_papers.resolve_papers`). With a ``model``
    (:func:`~graphkit.resolve.author_model.default_model`), components of at most :data:`MODEL_MAX_MENTIONS`
    mentions are clustered by it (:mod:`graphkit.resolve.author_clusters`); without, every component by the
    name rules of :class:`~graphkit.resolve.authors.AuthorResolver`.

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, PaperRecord, Provenance
    >>> from graphkit.resolve.bulk_papers import resolve_papers
    >>> from graphkit.stage.tables import records_to_tables
    >>> src = Provenance(source="a", format="ranked-list")
    >>> names = [["Sham M. Kakade", "Ann Lee"], ["Sham Kakade"], ["Ann Lee"]]
    >>> records = [PaperRecord(title=f"P{i}", authors=[AuthorRef(name=n) for n in byline], provenance=src)
    ...            for i, byline in enumerate(names)]
    >>> with MentionFrame([records_to_tables(records)]) as frame:
    ...     _ = resolve_papers(frame, OverridePairs())
    ...     decisions = resolve_authors(frame, OverridePairs(), 100)
    ...     frame.rows("SELECT name FROM author_nodes ORDER BY cluster")
    [('Sham M. Kakade',), ('Ann Lee',)]
    """
    component, tagged = _candidate_components(frame, overrides)
    count = len(component)
    decisions: list[MergeDecision] = []
    cluster = _clusters(frame, component, tagged, overrides, coauthor_max_authors, decisions, model)
    frame.register("_author_cluster", pa.table({"am": np.arange(count, dtype=np.int64), "cluster": cluster}))
    _author_nodes(frame)
    _decision_components(frame, decisions)
    frame.drop("_author_cluster", "_components", "_sent", "author_members", "names", "am", "_author_names")
    _canonical_ids(frame, decisions)
    return decisions


def _candidate_components(frame: MentionFrame, overrides: OverridePairs) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Frame tables ``am`` and ``names``; each mention's candidate component (a shared spelling, id or name
    block joins two), and whether the overrides name it."""
    _mention_table(frame)
    count = frame.rows("SELECT count(*) FROM am")[0][0]
    _name_table(frame)
    id_sql = ", ".join(
        f"CASE WHEN coalesce({k}, '') = '' THEN -1 ELSE min(am) OVER (PARTITION BY {k}) END AS {k}"
        for k in AUTHOR_ID_KINDS
    )
    firsts = frame.numpy(
        f"""
        SELECT min(am) OVER (PARTITION BY names.key) AS spelling,
               CASE WHEN names.has_given THEN min(am) OVER (PARTITION BY names.block, names.has_given) ELSE -1 END
                   AS block,
               {id_sql}
        FROM am JOIN names USING (label) ORDER BY am
        """
    )
    key_columns = [np.asarray(column, dtype=np.int64) for column in firsts.values()]
    tagged = np.zeros(count, dtype=bool)
    if overrides.must_merge or overrides.must_not_merge or overrides.splits:
        tagged = _override_tagged(frame, overrides)
        key_columns.append(np.where(tagged, 0, -1))
    return components(count, key_columns), tagged


def author_blocks(
    records: Sequence[AnyRecord], coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS
) -> Iterator[tuple[list[int], AuthorBlock]]:
    """Every block of two or more mentions the author model would cluster in ``records``, as ``(byline
    positions, block)``: what training and evaluating the model need (mention ``k`` of a block is at
    ``records[block.mentions[k].record]``, position ``positions[k]``; 0 for a profiled author).

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, PaperRecord, Provenance
    >>> src = Provenance(source="a", format="ranked-list")
    >>> records = [PaperRecord(title=f"P{i}", authors=[AuthorRef(name="Ann Lee"), AuthorRef(name="A. Lee")],
    ...                        provenance=src) for i in range(2)]
    >>> [(positions, len(block)) for positions, block in author_blocks(records)]
    [([1, 2, 1, 2], 4)]
    """
    with MentionFrame([records_to_tables(records)]) as frame:
        resolve_papers(frame, OverridePairs())
        component, _ = _candidate_components(frame, OverridePairs())
        sizes = np.bincount(component)
        chosen = np.flatnonzero(sizes[component] >= 2)
        frame.register("_batch", pa.table({"am": chosen, "component": component[chosen]}))
        positions = dict(frame.rows("SELECT am, coalesce(position, 0) FROM am"))
        for ams, _kinds, block in batch_blocks(frame, coauthor_max_authors):
            yield [int(positions[int(a)]) for a in ams], block


def _decision_components(frame: MentionFrame, decisions: list[MergeDecision]) -> None:
    """Frame table ``author_decision_components (label, component)``: the component of each name a decision
    names (one spelling is always in one component), for the build's resolution index."""
    labels = sorted({label for decision in decisions for label in decision.labels})
    frame.register("_decision_labels", pa.table({"label": pa.array(labels, pa.string())}))
    frame.sql(
        """
        CREATE OR REPLACE TABLE author_decision_components AS
        SELECT am.label, min(c.component) AS component
        FROM am JOIN _components c USING (am) JOIN _decision_labels USING (label) GROUP BY am.label
        """
    )
    frame.drop("_decision_labels")


def _mention_table(frame: MentionFrame) -> None:
    """Byline names, then each listing's profiled author, per paper record in order; then the profiles."""
    frame.sql(
        f"""
        CREATE TABLE am AS
        WITH raw AS (
            SELECT 0 AS grp, pm.pm, 0 AS kind, a.row AS ord, a.position, a.name AS label,
                   {", ".join(f"a.{k}" for k in AUTHOR_ID_KINDS)}, pm.location,
                   NULL::BIGINT AS h_index, NULL::BIGINT AS citations, NULL::BIGINT AS paper_count,
                   pm.src, pm.rec, a.row
            FROM authors a JOIN pm USING (src, rec)
            UNION ALL
            SELECT 0, pm, 1, 0, NULL, profile_author, {", ".join("NULL" for _ in AUTHOR_ID_KINDS)}, location,
                   NULL, NULL, NULL, src, rec, 0
            FROM pm WHERE profile_author IS NOT NULL
            UNION ALL
            SELECT 1, NULL, 2, row_number() OVER (ORDER BY src, rec), NULL, name,
                   {", ".join("NULL" for _ in AUTHOR_ID_KINDS)},
                   CASE WHEN line IS NULL THEN source ELSE source || ':' || line END, h_index, citations, paper_count,
                   src, rec, row
            FROM profiles
        )
        SELECT (row_number() OVER (ORDER BY grp, pm, kind, ord) - 1)::BIGINT AS am, raw.*,
               {" OR ".join(f"coalesce({k}, '') <> ''" for k in AUTHOR_ID_KINDS)} AS has_ids
        FROM raw ORDER BY am
        """
    )


def _name_table(frame: MentionFrame) -> None:
    """Every distinct display name parsed once: folded key, block, whether it has given names, specificity."""
    labels = frame.arrow("SELECT DISTINCT label FROM am").column(0).to_pylist()
    parsed = [parse_name(label) for label in labels]
    frame.register(
        "names",
        pa.table(
            {
                "label": labels,
                "key": [p.key for p in parsed],
                "block": ["\x1f".join(p.block) for p in parsed],
                "has_given": [bool(p.given) for p in parsed],
                "specificity": [p.specificity for p in parsed],
                "surname": [p.surname for p in parsed],
                "first_name": [p.given[0].replace("-", "") if p.given and not is_initial(p.given[0]) else None
                               for p in parsed],
            }
        ),
    )  # fmt: skip
    parse_name.cache_clear()


def _override_tagged(frame: MentionFrame, overrides: OverridePairs) -> npt.NDArray[np.bool_]:
    """Mentions an override names, by display name or id (they are resolved one by one)."""
    resolver = AuthorResolver(overrides)
    wanted = _override_names(resolver, overrides)
    rows = frame.arrow(f"SELECT label, {', '.join(AUTHOR_ID_KINDS)} FROM am ORDER BY am").to_pylist()
    result = np.zeros(len(rows), dtype=bool)
    for index, row in enumerate(rows):
        mention = Mention(row["label"], {k: row[k] for k in AUTHOR_ID_KINDS if row[k]})
        result[index] = not wanted.isdisjoint(resolver.override_keys(mention))
    return result


def _override_names(resolver: AuthorResolver, overrides: OverridePairs) -> set[str]:
    """Every name or id the overrides file's author entries name, as override keys."""
    pairs = [*overrides.must_merge, *overrides.must_not_merge]
    return {resolver.override_key(side) for pair in pairs for side in pair} | {
        resolver.override_key(name) for name, _ in overrides.splits
    }


def _clusters(
    frame: MentionFrame,
    component: IntArray,
    tagged: npt.NDArray[np.bool_],
    overrides: OverridePairs,
    coauthor_max_authors: int,
    decisions: list[MergeDecision],
    model: AuthorModel | None,
) -> IntArray:
    """The cluster of every mention, named by its first mention; ``decisions`` receives the resolvers'."""
    if overrides.splits and model is None:
        raise ResolveError(
            "the overrides file splits an author name by papers, which needs the author model; "
            "build without --author-model rules, or remove the [[authors.split]] entries"
        )
    count = len(component)
    frame.register("_components", pa.table({"am": np.arange(count, dtype=np.int64), "component": component,
                                            "tagged": tagged}))  # fmt: skip
    plan = frame.numpy(
        """
        WITH m AS (
            SELECT am.am, am.label, am.has_ids, c.component, c.tagged, names.has_given,
                   (am.has_ids OR c.tagged) AS individual
            FROM am JOIN _components c USING (am) JOIN names USING (label)
        ),
        needs AS (
            SELECT component, count(DISTINCT label) > 1 OR bool_or(individual) AS needs,
                   count(*) >= 2 AND (count(*) <= $limit OR bool_or(tagged)) AND bool_or(has_given) AND $model
                       AS learned
            FROM m GROUP BY component
        )
        SELECT m.am, needs.needs, needs.learned,
               m.individual OR m.am = min(m.am) FILTER (WHERE NOT m.individual) OVER (PARTITION BY m.label) AS sent,
               min(m.am) FILTER (WHERE NOT m.individual) OVER (PARTITION BY m.label) AS first_plain
        FROM m JOIN needs USING (component) ORDER BY m.am
        """,
        {"limit": MODEL_MAX_MENTIONS, "model": model is not None},
    )
    learned = np.asarray(plan["learned"], dtype=bool)
    needs = np.asarray(plan["needs"], dtype=bool) & ~learned
    sent = needs & np.asarray(plan["sent"], dtype=bool)
    cluster = component.copy()
    chosen = np.flatnonzero(sent)
    if len(chosen):
        frame.register("_sent", pa.table({"am": chosen}))
        rows = frame.arrow(f"SELECT label, {', '.join(AUTHOR_ID_KINDS)} FROM am JOIN _sent USING (am) ORDER BY am")
        evidence = StagedCoauthors(frame, coauthor_max_authors)
        resolver = AuthorResolver(overrides, coauthor_max_authors=coauthor_max_authors, coauthors=evidence)
        for batch in component_batches(component[chosen], RESOLVE_BATCH_MENTIONS):
            # Whole components per batch: no rule links mentions of two components, so each batch is resolved
            # as the whole would be, and only one batch's Python objects are alive at a time.
            mentions: list[Mention] = [
                AuthorResolver.mention(r["label"], {k: r[k] for k in AUTHOR_ID_KINDS if r[k]})
                for r in rows.take(batch).to_pylist()
            ]
            clustering = resolver.resolve(mentions)
            members = chosen[batch]
            cluster[members] = members[np.asarray(clustering.cluster_of, dtype=np.int64)]
            decisions.extend(clustering.decisions)
            del mentions, clustering
            evidence.forget()
            parse_name.cache_clear()
        repeated = np.flatnonzero(needs & ~sent)
        first_plain = np.asarray(plan["first_plain"], dtype=np.float64)
        cluster[repeated] = cluster[first_plain[repeated].astype(np.int64)]
    if model is not None and learned.any():
        _learned_clusters(frame, component, np.flatnonzero(learned), overrides, coauthor_max_authors, model,
                          cluster, decisions)  # fmt: skip
    return cluster


MODEL_MAX_MENTIONS = 2_000
"""Components of more mentions are resolved by the name rules, not the model: the model scores every pair of
a component's mentions, and a block as common as "Wang, W." in a full arXiv holds tens of thousands."""

CONFIDENT = 0.9
"""A same-spelling merge of the model at or above this probability is not listed as a decision (most names)."""

REVIEW_BELOW = 0.8
"""``graphkit merges --uncertain`` lists the model's decisions below this confidence: the review queue."""


def _learned_clusters(
    frame: MentionFrame,
    component: IntArray,
    chosen: IntArray,
    overrides: OverridePairs,
    coauthor_max_authors: int,
    model: AuthorModel,
    cluster: IntArray,
    decisions: list[MergeDecision],
) -> None:
    """Cluster the components of ``chosen`` with the author model, batch by batch, into ``cluster``."""
    keys = _OverrideKeys(overrides, _split_papers(frame, overrides))
    for batch in component_batches(component[chosen], RESOLVE_BATCH_MENTIONS):
        members = chosen[batch]
        frame.register("_batch", pa.table({"am": members, "component": component[members]}))
        found = list(batch_blocks(frame, coauthor_max_authors))
        subs = []
        for _, _, block in found:
            with_paper = [i for i, m in enumerate(block.mentions) if m.paper >= 0 or m.ids or keys.named(m)]
            subs.append((with_paper, AuthorBlock([block.mentions[i] for i in with_paper])))
        # The mention model scores a run of blocks at once (one prediction, a few sparse products).
        for run in chunks([len(sub) for _, sub in subs]):
            scores = mention_scores(model, [subs[k][1] for k in run])
            for k, block_scores in zip(run, scores, strict=True):
                ams, kinds, block = found[k]
                with_paper, sub = subs[k]
                person = _cluster_one(block, kinds, sub, with_paper, block_scores, keys, model, decisions)
                cluster[ams] = ams[person]
        parse_name.cache_clear()
    frame.drop("_batch")


def _cluster_one(
    block: AuthorBlock,
    kinds: list[int],
    sub: AuthorBlock,
    with_paper: list[int],
    scores: FloatArray,
    keys: _OverrideKeys,
    model: AuthorModel,
    decisions: list[MergeDecision],
) -> IntArray:
    """The person (a mention number of the block) of each mention of one block; its decisions appended."""
    must, apart = _constraints(block, kinds, keys)
    position = {old: new for new, old in enumerate(with_paper)}
    result = cluster_block(
        sub, model,
        must=[(position[a], position[b], rule) for a, b, rule in must if a in position and b in position],
        apart=[({position[i] for i in left if i in position}, {position[i] for i in right if i in position})
               for left, right in apart],
        mention_scores=scores,
    )  # fmt: skip
    person = np.arange(len(block), dtype=np.int64)
    for new, old in enumerate(with_paper):
        person[old] = with_paper[result.cluster_of[new]]
    _attach_paperless(block, with_paper, person)
    for decision in result.decisions:
        recorded = _recorded(decision, sub)
        if recorded is not None:
            decisions.append(recorded)
    return person


def _recorded(decision: BlockDecision, block: AuthorBlock) -> MergeDecision | None:
    """The decision to keep, or None for a confident merge of one spelling (the common case, not listed)."""
    labels = sorted({block.mentions[i].label for i in decision.mentions})
    spellings = {block.mentions[i].parsed.key for i in decision.mentions}
    if decision.kind == "merged" and len(spellings) == 1 and decision.confidence >= CONFIDENT:
        return None
    if decision.kind == "merged" and len(labels) == 1:
        rule = f"{decision.rule}: one spelling, one person"
    else:
        rule = decision.rule
    return MergeDecision(
        entity="author", outcome="merged" if decision.kind == "merged" else "kept apart", labels=labels,
        rule=rule, evidence=decision.evidence, confidence=decision.confidence,
    )  # fmt: skip


def _attach_paperless(block: AuthorBlock, with_paper: list[int], person: IntArray) -> None:
    """A mention with no paper and no id (a profile record) joins the largest person of its spelling."""
    placed = set(with_paper)
    sizes: dict[int, int] = {}
    for index in with_paper:
        sizes[int(person[index])] = sizes.get(int(person[index]), 0) + 1
    largest: dict[str, int] = {}
    for index in with_paper:
        key, who = block.mentions[index].parsed.key, int(person[index])
        if key not in largest or sizes[who] > sizes[largest[key]]:
            largest[key] = who
    first_paperless: dict[str, int] = {}
    for index, mention in enumerate(block.mentions):
        if index not in placed:
            key = mention.parsed.key
            person[index] = largest.get(key, first_paperless.setdefault(key, index))


class _OverrideKeys:
    """The overrides file's names and ids, matched against block mentions as the rule resolver matches them."""

    def __init__(self, overrides: OverridePairs, split_papers: list[set[int]]) -> None:
        self.resolver = AuthorResolver(overrides)
        self.overrides = overrides
        self.wanted = _override_names(self.resolver, overrides)
        #: The resolved papers (``paper_of.rep``) of each split's paper list.
        self.split_papers = split_papers

    def of(self, mention: BlockMention) -> set[str]:
        return set(self.resolver.override_keys(Mention(mention.label, mention.ids)))

    def named(self, mention: BlockMention) -> bool:
        return bool(self.wanted) and not self.wanted.isdisjoint(self.of(mention))


def _split_papers(frame: MentionFrame, overrides: OverridePairs) -> list[set[int]]:
    """The resolved papers each split of the overrides file names, by id (``arxiv:…``) or by title."""
    if not overrides.splits:
        return []
    wanted = sorted({paper for _, papers in overrides.splits for paper in papers})
    frame.register("_split_refs", pa.table({"ref": wanted}))
    by_id = " UNION ALL ".join(
        f"SELECT r.ref, o.rep FROM _split_refs r JOIN pm ON '{kind}:' || pm.{kind} = r.ref JOIN paper_of o USING (pm)"
        for kind in PAPER_ID_KINDS
    )
    found: dict[str, set[int]] = {}
    for ref, rep in frame.rows(by_id):
        found.setdefault(ref, set()).add(int(rep))
    frame.drop("_split_refs")
    # The rest are titles: they stay in the staged files, and are matched with the key paper resolution uses.
    wanted_titles: dict[str, list[str]] = {}
    for ref in wanted:
        if ref not in found:
            wanted_titles.setdefault(normalise_title(ref), []).append(ref)
    if wanted_titles:
        titled = frame.arrow(
            "SELECT o.rep, p.title FROM papers p JOIN pm ON pm.src = p.src AND pm.rec = p.rec "
            "JOIN paper_of o USING (pm) WHERE p.title IS NOT NULL"
        )
        for rep, title in zip(titled.column("rep").to_pylist(), titled.column("title").to_pylist(), strict=True):
            for ref in wanted_titles.get(normalise_title(title), []):
                found.setdefault(ref, set()).add(int(rep))
    missing = [ref for ref in wanted if ref not in found]
    if missing:
        raise OverridesError(
            f"the overrides file splits authors by papers that are not in this build: {', '.join(map(repr, missing))}; "
            "name each paper by an id it has (arxiv:…, doi:…) or by its title as a source prints it"
        )
    return [set().union(*(found[ref] for ref in papers)) for _, papers in overrides.splits]


def _constraints(
    block: AuthorBlock, kinds: list[int], keys: _OverrideKeys
) -> tuple[list[tuple[int, int, str]], list[tuple[set[int], set[int]]]]:
    """Hard merges (same id; one spelling on one paper read from several records; overrides) and refusals."""
    must: list[tuple[int, int, str]] = []
    first_of_id: dict[tuple[str, str], int] = {}
    for index, mention in enumerate(block.mentions):
        for kind, value in sorted(mention.ids.items()):
            seen = first_of_id.setdefault((kind, value), index)
            if seen != index:
                must.append((seen, index, f"same {kind} id"))
    on_paper: dict[tuple[int, str], list[int]] = {}
    for index, mention in enumerate(block.mentions):
        if mention.paper >= 0:
            on_paper.setdefault((mention.paper, mention.parsed.key), []).append(index)
    for indices in on_paper.values():
        records = [block.mentions[i].record for i in indices if kinds[i] == BYLINE]
        if len(indices) > 1 and len(records) == len(set(records)):  # never two bylines slots of one record
            must.extend((indices[0], other, "same paper, same spelling") for other in indices[1:])
    # A profile page lists one person's papers: its owner is one person, and is the compatible byline name of each.
    profiled: dict[tuple[int, str], list[int]] = {}
    byline_on: dict[int, list[int]] = {}
    for index, mention in enumerate(block.mentions):
        if kinds[index] == PROFILED:
            profiled.setdefault((mention.source, mention.parsed.key), []).append(index)
        elif kinds[index] == BYLINE and mention.record >= 0:
            byline_on.setdefault(mention.record, []).append(index)
    for indices in profiled.values():
        must.extend((indices[0], other, "one profile page, one person") for other in indices[1:])
        for index in indices:
            owner = block.mentions[index].parsed
            on_byline = [b for b in byline_on.get(block.mentions[index].listing, [])
                         if compatible(block.mentions[b].parsed, owner)]  # fmt: skip
            if len(on_byline) == 1:
                must.append((index, on_byline[0], "the profiled author on their own paper"))
    resolver, overrides = keys.resolver, keys.overrides
    apart: list[tuple[set[int], set[int]]] = []
    if keys.wanted:
        named: dict[str, list[int]] = {}
        for index, mention in enumerate(block.mentions):
            for key in keys.of(mention):
                named.setdefault(key, []).append(index)
        for left, right in overrides.must_merge:
            together = named.get(resolver.override_key(left), []) + named.get(resolver.override_key(right), [])
            must.extend((together[0], other, "override: must merge") for other in together[1:])
        for left, right in overrides.must_not_merge:
            apart.append((set(named.get(resolver.override_key(left), [])),
                          set(named.get(resolver.override_key(right), []))))  # fmt: skip
        for (name, _), papers in zip(overrides.splits, keys.split_papers, strict=True):
            mentions = named.get(resolver.override_key(name), [])
            chosen = [i for i in mentions if block.mentions[i].paper in papers]
            if chosen:
                must.extend((chosen[0], other, "override: split by papers") for other in chosen[1:])
                apart.append((set(chosen), set(mentions) - set(chosen)))
    return must, apart


RESOLVE_BATCH_MENTIONS = 100_000
"""Mentions resolved per resolver call (whole components; a larger component is one batch of its own)."""


def component_batches(component: IntArray, size: int) -> list[IntArray]:
    """Positions of ``component`` grouped into batches of whole components, about ``size`` positions each.

    Components are taken in order of their first position, and each batch lists its positions in order.

    Examples
    --------
    >>> [b.tolist() for b in component_batches(np.array([0, 1, 0, 3, 1, 5]), 3)]
    [[0, 1, 2, 4], [3, 5]]
    """
    if not len(component):
        return []
    labels, first, inverse, sizes = np.unique(component, return_index=True, return_inverse=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    before = np.zeros(len(labels), dtype=np.int64)
    before[order] = np.cumsum(sizes[order]) - sizes[order]
    batch_of_label = before // max(size, 1)
    # Consecutive components share a batch until it holds ``size`` positions; renumber batches densely.
    _, batch = np.unique(batch_of_label[inverse], return_inverse=True)
    grouped = np.argsort(batch, kind="stable")
    bounds = np.flatnonzero(np.diff(batch[grouped])) + 1
    return [np.asarray(part, dtype=np.int64) for part in np.split(grouped, bounds)]


class StagedCoauthors:
    """Coauthor spellings from the frame: who shares a paper (of at most ``max_authors`` names) with whom.

    Held as integer arrays (spelling codes by paper and papers by spelling code) and one Arrow array of the
    spellings, so a corpus of millions of bylines costs a few hundred MB and no Python object per byline;
    only the spellings a resolver asks about (table ``_sent``: the mentions it is given) get a code lookup.
    """

    def __init__(self, frame: MentionFrame, max_authors: int) -> None:
        frame.sql(
            """
            CREATE TABLE _written AS
            WITH written AS (
                SELECT DISTINCT paper_of.rep AS paper, names.key
                FROM am JOIN names USING (label) JOIN paper_of USING (pm)
            ),
            small AS (SELECT paper FROM written GROUP BY paper HAVING count(*) <= $max)
            SELECT written.* FROM written JOIN small USING (paper)
            """,
            {"max": max_authors},
        )
        frame.sql(
            """
            CREATE TABLE _key_code AS
            SELECT key, (row_number() OVER (ORDER BY key) - 1)::BIGINT AS code FROM (SELECT DISTINCT key FROM _written)
            """
        )
        self._keys = frame.arrow("SELECT key FROM _key_code ORDER BY code").column(0).combine_chunks()
        pairs = frame.numpy(
            """SELECT dense_rank() OVER (ORDER BY w.paper) - 1 AS paper, k.code
               FROM _written w JOIN _key_code k USING (key)"""
        )
        papers = np.asarray(pairs["paper"], dtype=np.int64)
        codes = np.asarray(pairs["code"], dtype=np.int64)
        del pairs
        self._code_of: dict[str, int] = dict(
            frame.rows(
                """
                WITH asked AS (SELECT DISTINCT names.key FROM _sent JOIN am USING (am) JOIN names USING (label))
                SELECT k.key, k.code FROM _key_code k JOIN asked USING (key)
                """
            )
        )
        frame.drop("_written", "_key_code")
        self._papers_of = _Csr(codes, papers, len(self._keys))
        self._keys_of_paper = _Csr(papers, codes, int(papers.max()) + 1 if len(papers) else 0)
        self._memo: dict[int, IntArray] = {}

    def shared(self, key: str, other: str) -> set[str]:
        """Spellings that share a paper with ``key`` and one with ``other``."""
        code, other_code = self._code_of.get(key), self._code_of.get(other)
        if code is None or other_code is None:
            return set()
        # A paper both spellings are on is no evidence that they are one person (see CoauthorEvidence.shared).
        both = np.intersect1d(self._papers_of.row(code), self._papers_of.row(other_code), assume_unique=True)
        if len(both):
            mine, theirs = self._coauthors(code, exclude=both), self._coauthors(other_code, exclude=both)
        else:
            mine, theirs = self._of(code), self._of(other_code)
        common = np.intersect1d(mine, theirs, assume_unique=True)
        return set(self._keys.take(pa.array(common)).to_pylist())

    def forget(self) -> None:
        """Drop the coauthors computed so far (between batches: the next one asks about other spellings)."""
        self._memo.clear()

    def _of(self, code: int) -> IntArray:
        found = self._memo.get(code)
        if found is None:
            found = self._coauthors(code)
            self._memo[code] = found
        return found

    def _coauthors(self, code: int, exclude: IntArray | None = None) -> IntArray:
        """The spelling codes that share a paper with ``code``, leaving out the papers in ``exclude``."""
        papers = self._papers_of.row(code)
        if exclude is not None:
            papers = np.setdiff1d(papers, exclude, assume_unique=True)
        found: IntArray = np.unique(np.concatenate([self._keys_of_paper.row(int(p)) for p in papers]) if len(papers)
                                    else np.empty(0, dtype=np.int64))  # fmt: skip
        others: IntArray = found[found != code]
        return others


class _Csr:
    """Rows of integers grouped by an integer row number (compressed sparse rows)."""

    def __init__(self, rows: IntArray, values: IntArray, count: int) -> None:
        order = np.argsort(rows, kind="stable")
        self.values = values[order]
        self.offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=count), out=self.offsets[1:])

    def row(self, number: int) -> IntArray:
        return self.values[self.offsets[number] : self.offsets[number + 1]]


def _author_nodes(frame: MentionFrame) -> None:
    """Name each cluster (most specific spelling, then most frequent, then first) and gather its ids and sources."""
    frame.sql(
        """
        CREATE TABLE author_members AS
        SELECT am.*, c.cluster, names.key, names.specificity
        FROM am JOIN _author_cluster c USING (am) JOIN names USING (label) ORDER BY am
        """
    )
    # Kept for the build's resolution index (:mod:`graphkit.resolve.index`).
    frame.sql(
        f"""
        CREATE TABLE author_index AS
        SELECT m.am, m.src, m.rec, m.kind, m.row, c.component, m.key,
               CASE WHEN names.has_given THEN names.block END AS block,
               {", ".join(f"nullif(m.{k}, '') AS {k}" for k in AUTHOR_ID_KINDS)}
        FROM author_members m JOIN _components c USING (am) JOIN names USING (label)
        """
    )
    names = frame.arrow(
        """
        WITH spellings AS (
            SELECT cluster, label, any_value(specificity) AS specificity, count(*) AS n, min(am) AS first
            FROM author_members GROUP BY cluster, label
        )
        SELECT cluster, label AS name FROM (
            SELECT *, row_number() OVER (PARTITION BY cluster ORDER BY specificity DESC, n DESC, first) AS r
            FROM spellings
        ) WHERE r = 1 ORDER BY cluster
        """
    )
    ids = frame.arrow(
        "SELECT cluster, "
        + ", ".join(f"first({k} ORDER BY am) FILTER (WHERE {k} <> '') AS {k}" for k in AUTHOR_ID_KINDS)
        + " FROM author_members GROUP BY cluster ORDER BY cluster"
    )
    fallbacks = ["gk-a-" + short_hash(parse_name(name).key) for name in names.column("name").to_pylist()]
    candidates = candidate_names(ids, AUTHOR_ID_KINDS, fallbacks)
    author_ids = unique_ids(candidates)
    frame.register(
        "_author_names",
        pa.table({"cluster": names.column("cluster"), "name": names.column("name"), "id": author_ids,
                  "candidate": candidates}),
    )  # fmt: skip
    frame.sql(
        """
        CREATE TABLE author_of AS
        SELECT m.am, m.pm, m.position, m.kind, m.label, m.cluster, n.id AS author_id, n.candidate
        FROM author_members m JOIN _author_names n USING (cluster) ORDER BY m.am
        """
    )
    # Aggregated in slices of clusters: the list aggregates (variants, sources) are held in memory until a
    # group is complete, and over every mention of a 2.8M-paper corpus they outgrew DuckDB's memory limit.
    mentions = frame.rows("SELECT count(*) FROM author_members")[0][0]
    slices = max(1, -(-mentions // AGGREGATE_SLICE_ROWS))
    ids = ", ".join(f"first(m.{k} ORDER BY m.am) FILTER (WHERE m.{k} <> '') AS {k}" for k in AUTHOR_ID_KINDS)
    for part in range(slices):
        frame.sql(
            f"""
            {"CREATE TABLE author_nodes AS" if part == 0 else "INSERT INTO author_nodes"}
            SELECT m.cluster, any_value(n.id) AS id, any_value(n.name) AS name,
                   coalesce(list_sort(list(DISTINCT m.label) FILTER (WHERE m.label <> n.name)), []) AS name_variants,
                   {ids},
                   arg_max({{'h': m.h_index, 'c': m.citations, 'p': m.paper_count}}, m.am) FILTER (WHERE m.kind = 2)
                       AS profile,
                   list_sort(list(DISTINCT m.location)) AS sources
            FROM author_members m JOIN _author_names n USING (cluster)
            WHERE m.cluster % $slices = $part
            GROUP BY m.cluster
            """,
            {"slices": slices, "part": part},
        )


AGGREGATE_SLICE_ROWS = 2_000_000
"""Mentions per slice of the author-node aggregation (see :func:`_author_nodes`)."""


def _canonical_ids(frame: MentionFrame, decisions: list[MergeDecision]) -> None:
    """Each merge decision names the person of the last cluster whose first mention bears one of its names."""
    labels = sorted({label for d in decisions if d.outcome == "merged" for label in d.labels})
    if not labels:
        return
    frame.register("_labels", pa.table({"label": labels}))
    found = dict(
        frame.rows(
            """
            SELECT label, arg_max(author_id, cluster) FROM author_of JOIN _labels USING (label)
            WHERE am = cluster GROUP BY label
            """
        )
    )
    for decision in decisions:
        if decision.outcome == "merged":
            decision.canonical_id = next((found[label] for label in decision.labels if label in found), None)
