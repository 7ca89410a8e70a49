"""Clustering one block of author mentions into people with the learned model, under hard constraints.

1. **Hard evidence first.** Mentions with the same external id are one person; the same spelling on one paper
   read from two sources is one person; the overrides file's merges and splits apply. Two names on one byline,
   two different ids of one kind, names that cannot be one person (:func:`~graphkit.core.names.compatible`) and
   the overrides file's refusals are never merged, whatever the model says.
2. **Mentions.** Every pair is scored by the mention model, and pairs are merged by average linkage while their
   average probability is at least ``first_merge`` (a strict threshold: only clear evidence).
3. **Groups.** Each group's context is pooled (all its coauthors, titles, venues, affiliations) and pairs of
   groups are scored by the cluster model and merged the same way, at ``strict_merge`` for ``rounds`` rounds
   and then at ``final_merge``, the threshold chosen on the training names.

Every merge the model makes is kept with its probability, so each person comes with the confidence of its
weakest merge and the evidence for it, and each spelling the model split comes with the probability of the
closest two people it kept apart (:class:`BlockDecision`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.cluster.hierarchy import linkage

from graphkit.core.names import compatible
from graphkit.core.text import fold
from graphkit.resolve.author_block import (
    SMALL_BLOCK,
    TOKEN_KINDS,
    AuthorBlock,
    BlockMention,
    many_pair_features,
    pair_features,
    pair_indices,
    shared_token_counts,
    tokens,
)
from graphkit.resolve.author_model import AuthorModel
from graphkit.resolve.base import find_root

__all__ = [
    "BlockClustering", "BlockDecision", "cluster_block", "clusters_at", "describe_merge", "first_groups",
    "group_features", "mention_scores", "merge_mentions", "pooled",
]  # fmt: skip

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class BlockDecision:
    """Why a group of mentions is one person, or why one spelling is several.

    ``kind`` is ``"merged"`` (the mentions of several spellings, or of one spelling, are one person),
    ``"split"`` (one spelling is several people) or ``"apart"`` (compatible spellings are different people).
    ``confidence`` is the model's probability for the weakest merge (merged), or one minus its probability for
    the closest pair kept apart (split, apart); hard evidence is 1.
    """

    kind: str
    mentions: list[int]
    rule: str
    evidence: str
    confidence: float


@dataclass
class BlockClustering:
    """A person per mention (numbered by their first mention) and the decisions behind them."""

    cluster_of: list[int]
    decisions: list[BlockDecision] = field(default_factory=list)


@dataclass
class _Merge:
    probability: float
    left: list[int]
    right: list[int]


class _People:
    """Union-find over a block's mentions that knows what may never be merged."""

    def __init__(self, block: AuthorBlock, apart: Sequence[tuple[set[int], set[int]]]) -> None:
        mentions = block.mentions
        self.parent = list(range(len(mentions)))
        self.records: list[set[int]] = [{m.record} if m.record >= 0 else set() for m in mentions]
        self.ids: list[dict[str, str]] = [dict(m.ids) for m in mentions]
        self.names: list[set[str]] = [{m.parsed.key} for m in mentions]
        self.sides: list[set[tuple[int, int]]] = [set() for _ in mentions]
        self.members: list[list[int]] = [[index] for index in range(len(mentions))]
        for number, (left, right) in enumerate(apart):
            for index in left:
                self.sides[index].add((number, 0))
            for index in right:
                self.sides[index].add((number, 1))
        self.parsed = {m.parsed.key: m.parsed for m in mentions}
        self._compatible: dict[tuple[str, str], bool] = {}
        self.merges: list[_Merge] = []

    def find(self, x: int) -> int:
        return find_root(self.parent, x)

    def conflict(self, a: int, b: int) -> bool:
        """Whether the people of roots ``a`` and ``b`` can never be one."""
        if self.records[a] & self.records[b]:
            return True
        ids = self.ids[b]
        if any(kind in ids and ids[kind] != value for kind, value in self.ids[a].items()):
            return True
        if any((number, 1 - side) in self.sides[b] for number, side in self.sides[a]):
            return True
        return not all(self.names_compatible(x, y) for x in self.names[a] for y in self.names[b])

    def names_compatible(self, x: str, y: str) -> bool:
        """Whether spellings ``x`` and ``y`` (keys of the block's names) can be one person (memoised)."""
        if x == y:
            return True
        pair = (x, y) if x < y else (y, x)
        found = self._compatible.get(pair)
        if found is None:
            found = self._compatible[pair] = compatible(self.parsed[x], self.parsed[y])
        return found

    def union(self, a: int, b: int) -> int:
        if len(self.records[a]) < len(self.records[b]):
            a, b = b, a
        self.parent[b] = a
        self.records[a] |= self.records[b]
        for kind, value in self.ids[b].items():
            self.ids[a].setdefault(kind, value)
        self.names[a] |= self.names[b]
        self.sides[a] |= self.sides[b]
        self.members[a].extend(self.members[b])
        self.members[b] = []
        return a

    def groups(self) -> list[list[int]]:
        """The current people, each a list of mentions in order, ordered by first mention."""
        return sorted((sorted(members) for members in self.members if members), key=lambda members: members[0])

    def cluster_of(self) -> list[int]:
        """The person of each mention, named by the person's first mention."""
        result = list(range(len(self.parent)))
        for members in self.members:
            first = min(members, default=0)
            for index in members:
                result[index] = first
        return result


def pooled(block: AuthorBlock, groups: list[list[int]]) -> AuthorBlock:
    """One mention per group with the group's context pooled: its coauthors, titles, abstracts, topics, venues
    (as topics, so that two groups publishing in the same venues share topics), affiliations and median year.

    Examples
    --------
    >>> from graphkit.core.names import parse_name
    >>> block = AuthorBlock([BlockMention("Lei Wang", parse_name("Lei Wang"), coauthors=["A"], venue="KDD"),
    ...                      BlockMention("Lei Wang", parse_name("Lei Wang"), coauthors=["B"], year=2001)])
    >>> one = pooled(block, [[0, 1]]).mentions[0]
    >>> one.coauthors, one.topics, one.year
    (['A', 'B'], ['venue:kdd'], 2001)
    """
    result = []
    for members in groups:
        mentions = [block.mentions[i] for i in members]
        years = sorted(m.year for m in mentions if m.year is not None)
        topics = dict.fromkeys(t for m in mentions for t in m.topics)
        topics.update(dict.fromkeys(f"venue:{fold(m.venue)}" for m in mentions if m.venue))
        pooled_mention = BlockMention(
            label=mentions[0].label,
            parsed=mentions[0].parsed,
            coauthors=[c for m in mentions for c in m.coauthors],
            topics=list(topics),
            year=years[len(years) // 2] if years else None,
            surname_variety=max(m.surname_variety for m in mentions),
            given_variety=max((m.given_variety for m in mentions if m.given_variety is not None), default=None),
        )
        # The pooled context is the union of the members' token sets (titles, abstracts, affiliations);
        # venues count as topics, so two groups publishing in the same venues share topics.
        member_tokens = [tokens(m) for m in mentions]
        pooled_mention.cache.update(
            {kind: frozenset().union(*(t[kind] for t in member_tokens)) for kind in TOKEN_KINDS}
        )
        pooled_mention.cache["venue"] = frozenset()
        pooled_mention.cache["venue_words"] = frozenset()
        pooled_mention.cache["topics"] = frozenset(topics)
        result.append(pooled_mention)
    return AuthorBlock(result)


def group_features(block: AuthorBlock, groups: list[list[int]]) -> FloatArray:
    """The cluster model's features for every pair of ``groups`` (pairs in :func:`pair_indices` order)."""
    features = pair_features(pooled(block, groups))
    sizes = np.array([len(g) for g in groups], dtype=np.float64)
    i, j = pair_indices(len(groups))
    return np.column_stack([features, np.log(sizes[i] * sizes[j]), np.minimum(sizes[i], sizes[j])])


def _agglomerate(people: _People, groups: list[list[int]], probability: FloatArray, threshold: float) -> None:
    """Merge ``groups`` by average linkage on ``probability`` (condensed pairs) down to ``threshold``.

    The dendrogram is walked in order; a step whose two sides cannot be one person (a hard constraint) is
    skipped, and a later step over it joins what it can.
    """
    if len(groups) < 2:
        return
    linked = linkage(1 - np.clip(probability, 0, 1), method="average")
    members: list[list[int]] = [[g[0]] for g in groups]
    for left, right, distance, _ in linked:
        if 1 - distance < threshold:
            break
        a, b = members[int(left)], members[int(right)]
        members.append(a + b)
        for x in dict.fromkeys(people.find(i) for i in a):
            for y in dict.fromkeys(people.find(i) for i in b):
                rx, ry = people.find(x), people.find(y)
                if rx != ry and not people.conflict(rx, ry):
                    people.merges.append(
                        _Merge(1 - float(distance), sorted(people.members[rx]), sorted(people.members[ry]))
                    )
                    people.union(rx, ry)


def _forbidden(people: _People, groups: list[list[int]]) -> npt.NDArray[np.bool_]:
    """Pairs of groups (condensed) that can never merge, so linkage does not average them in."""
    i, j = pair_indices(len(groups))
    roots = [people.find(g[0]) for g in groups]
    return np.fromiter((people.conflict(roots[a], roots[b]) for a, b in zip(i, j, strict=True)), bool, len(i))


def cluster_block(
    block: AuthorBlock,
    model: AuthorModel,
    *,
    must: Sequence[tuple[int, int, str]] = (),
    apart: Sequence[tuple[set[int], set[int]]] = (),
    explain: Callable[[AuthorBlock, list[int], list[int]], str] | None = None,
    mention_scores: FloatArray | None = None,
) -> BlockClustering:
    """Cluster a block's mentions into people (see the module steps).

    Parameters
    ----------
    block : AuthorBlock
        The mentions, in mention order.
    model : AuthorModel
        The scorer and its thresholds.
    must : sequence of (int, int, str)
        Mentions that are one person, with the rule that says so (same id, override).
    apart : sequence of (set of int, set of int)
        Sides that must never be one person (override refusals and splits).
    explain : callable, optional
        Evidence text for a merge of two groups (default: :func:`describe_merge`).
    mention_scores : ndarray, optional
        The mention model's probability for every pair of mentions (:func:`mention_scores`), when the caller
        scored many blocks at once; computed here otherwise.

    Examples
    --------
    >>> from graphkit.core.names import parse_name
    >>> from graphkit.resolve.author_model import default_model
    >>> def m(name, record, coauthors, venue):
    ...     return BlockMention(name, parse_name(name), record=record, coauthors=coauthors, venue=venue)
    >>> pair = ["Ann Lee", "Bo Chen"]
    >>> block = AuthorBlock([m("Lei Wang", 0, pair, "KDD"), m("Lei Wang", 1, pair, "KDD"),
    ...                      m("Lei Wang", 2, pair, "KDD"), m("Lei Wang", 2, pair, "KDD")])
    >>> result = cluster_block(block, default_model())
    >>> result.cluster_of[2] != result.cluster_of[3]  # two names on one byline are two people
    True
    """
    scores = mention_scores if mention_scores is not None else _scores_of(model, block)
    people, hard_rules, final = _until_final(block, model, scores, must, apart)
    known = None
    if final is not None:
        before = len(people.merges)
        _agglomerate(people, final[0], final[1], model.final_merge)
        known = final[1] if len(people.merges) == before else None  # the final people are the groups scored
    decisions = _decisions(block, model, people, people.groups(), hard_rules, explain or describe_merge, known)
    return BlockClustering(people.cluster_of(), decisions)


def mention_scores(model: AuthorModel, blocks: Sequence[AuthorBlock]) -> list[FloatArray]:
    """The mention model's probability for every pair of mentions of each block, in one prediction: the features
    of :func:`~graphkit.resolve.author_block.many_pair_features` (a block's are the same bits alone or in a batch,
    so training and a build score alike)."""
    features = many_pair_features(blocks)
    scores = model.score_mentions(np.vstack(features)) if features else np.empty(0)
    return np.split(scores, np.cumsum([len(f) for f in features])[:-1]) if features else []


def _scores_of(model: AuthorModel, block: AuthorBlock) -> FloatArray:
    return mention_scores(model, [block])[0]


def _until_final(
    block: AuthorBlock,
    model: AuthorModel,
    scores: FloatArray,
    must: Sequence[tuple[int, int, str]],
    apart: Sequence[tuple[set[int], set[int]]],
) -> tuple[_People, dict[int, set[str]], tuple[list[list[int]], FloatArray] | None]:
    """Every step but the last merge: the people so far, the hard rules, and the final round's groups and scores
    (None when one group is left)."""
    people = _People(block, apart)
    hard_rules = _hard_merges(people, must)
    _variants_with_coauthors(block, people, hard_rules)
    merge_mentions(block, people, scores, model.first_merge)
    groups = people.groups()
    if len(groups) < 2:
        return people, hard_rules, None
    scores = model.score_groups(group_features(block, groups))
    scores[_forbidden(people, groups)] = 0.0
    for _ in range(model.rounds):
        before = len(people.merges)
        _agglomerate(people, groups, scores, model.strict_merge)
        if len(people.merges) == before:
            break  # nothing merged: the next round would score the same groups the same way
        groups = people.groups()
        if len(groups) < 2:
            return people, hard_rules, None
        scores = model.score_groups(group_features(block, groups))
        scores[_forbidden(people, groups)] = 0.0
    return people, hard_rules, (groups, scores)


def clusters_at(
    block: AuthorBlock, model: AuthorModel, thresholds: Sequence[float], scores: FloatArray | None = None
) -> list[list[int]]:
    """The person of each mention (numbered by first mention) for each final threshold, sharing every earlier step:
    what choosing the threshold on training data needs (``scores``: the block's :func:`mention_scores`)."""
    scores = scores if scores is not None else _scores_of(model, block)
    people, _, final = _until_final(block, model, scores, (), ())
    result = []
    for threshold in thresholds:
        trial = copy.deepcopy(people)
        if final is not None:
            _agglomerate(trial, final[0], final[1], threshold)
        result.append(trial.cluster_of())
    return result


def _hard_merges(people: _People, must: Sequence[tuple[int, int, str]]) -> dict[int, set[str]]:
    """Apply the hard merges; the rules behind them, by the root of each person they joined."""
    rules: dict[int, set[str]] = {}
    for a, b, rule in must:
        ra, rb = people.find(a), people.find(b)
        if ra != rb:
            _join(people, rules, ra, rb, rule)
    return rules


def _join(people: _People, rules: dict[int, set[str]], ra: int, rb: int, rule: str) -> None:
    """Join the people of roots ``ra`` and ``rb`` by a rule of hard evidence, keeping the rules by the new root."""
    root = people.union(ra, rb)
    rules.setdefault(root, set()).update({rule, *rules.pop(ra if root == rb else rb, set())})


VARIANT_RULE = "compatible name + shared coauthors"


def _variants_with_coauthors(block: AuthorBlock, people: _People, rules: dict[int, set[str]]) -> None:
    """Merge two spellings of one name (``J. Lykken``, ``Joseph Lykken``) that share a coauthor on different
    papers, the coauthor compared by surname and first initial (``E. Poppitz`` is ``Erich Poppitz``): the learned
    model sees too few spelling variants in its training data to judge them. Most shared coauthors first; a merge
    that a hard constraint forbids (``J. Wu`` is already ``Jingfeng Wu``, so never ``Jiajun Wu``) is skipped."""
    n = len(block)
    keys = [m.parsed.key for m in block.mentions]
    if n < 2 or len(set(keys)) < 2:
        return
    candidates = []
    for a, b, count in _shared_coauthor_blocks(block):
        if keys[a] == keys[b]:
            continue
        paper_a, paper_b = block.mentions[a].paper, block.mentions[b].paper
        if paper_a >= 0 and paper_a == paper_b:
            continue
        if people.names_compatible(keys[a], keys[b]):
            candidates.append((-count, a, b))
    for _, a, b in sorted(candidates):
        ra, rb = people.find(a), people.find(b)
        if ra != rb and not people.conflict(ra, rb):
            _join(people, rules, ra, rb, VARIANT_RULE)


def _shared_coauthor_blocks(block: AuthorBlock) -> list[tuple[int, int, int]]:
    """Every pair of mentions ``a < b`` sharing coauthors (by surname and first initial), with how many."""
    sets = [tokens(m)["coauthor_blocks"] for m in block.mentions]
    n = len(sets)
    if n <= SMALL_BLOCK:  # a handful of mentions: set arithmetic costs less than building a matrix
        return [(a, b, len(sets[a] & sets[b])) for a in range(n) for b in range(a + 1, n) if sets[a] & sets[b]]
    i, j = pair_indices(n)
    counts = shared_token_counts(sets)
    shared = np.flatnonzero(counts)
    return [(int(i[k]), int(j[k]), int(counts[k])) for k in shared]


def first_groups(block: AuthorBlock, scores: FloatArray, threshold: float) -> list[list[int]]:
    """The groups the mention stage makes from the mention-pair ``scores`` (no hard evidence, no overrides): what
    the cluster model is trained on."""
    people = _People(block, ())
    merge_mentions(block, people, scores, threshold)
    return people.groups()


def merge_mentions(block: AuthorBlock, people: _People, scores: FloatArray, threshold: float) -> None:
    """The mention stage: average linkage over the mention-pair probabilities ``scores``, down to ``threshold``."""
    if len(block) < 2:
        return
    groups = people.groups()
    _agglomerate(people, groups, _mention_probability(block, scores.copy(), people, groups), threshold)


def _mention_probability(
    block: AuthorBlock, scores: FloatArray, people: _People, groups: list[list[int]]
) -> FloatArray:
    """Average-linkage input over the hard groups: the mean mention-pair probability between two groups."""
    n = len(block)
    i, j = pair_indices(n)
    if len(groups) == n:
        scores[_forbidden(people, groups)] = 0.0
        return scores
    # Hard merges already joined some mentions: average their pairs' scores per pair of groups.
    group_of = np.empty(n, dtype=np.int64)
    for number, members in enumerate(groups):
        group_of[members] = number
    gi, gj = group_of[i], group_of[j]
    low, high = np.minimum(gi, gj), np.maximum(gi, gj)
    count = len(groups)
    across = low != high
    flat = low[across] * count + high[across]
    sums = np.bincount(flat, weights=scores[across], minlength=count * count)
    pairs = np.bincount(flat, minlength=count * count)
    ci, cj = pair_indices(count)
    result = sums[ci * count + cj] / np.maximum(pairs[ci * count + cj], 1)
    result[_forbidden(people, groups)] = 0.0
    return np.asarray(result, dtype=np.float64)


def describe_merge(block: AuthorBlock, left: list[int], right: list[int]) -> str:
    """The evidence for (or against) two groups being one person: what their mentions share.

    Examples
    --------
    >>> from graphkit.core.names import parse_name
    >>> block = AuthorBlock([BlockMention("Lei Wang", parse_name("Lei Wang"), coauthors=["Ann Lee"], venue="KDD"),
    ...                      BlockMention("L. Wang", parse_name("L. Wang"), coauthors=["Ann Lee"], venue="KDD")])
    >>> describe_merge(block, [0], [1])
    "shared coauthors: 'Ann Lee'; same venue: 'KDD'"
    """
    one, other = [block.mentions[i] for i in left], [block.mentions[i] for i in right]
    found: list[str] = []
    mine = {fold(c): c for m in one for c in m.coauthors}
    shared = sorted(mine[c] for c in {fold(c) for m in other for c in m.coauthors} & set(mine))
    if shared:
        found.append("shared coauthors: " + ", ".join(map(repr, shared[:5])) + (" …" if len(shared) > 5 else ""))
    venues = {fold(m.venue): m.venue for m in one if m.venue}
    same_venues = sorted(venues[v] for v in {fold(m.venue) for m in other if m.venue} & set(venues))
    if same_venues:
        found.append("same venue: " + ", ".join(map(repr, same_venues[:3])))
    affiliations = {fold(a): a for m in one for a in m.affiliations}
    same_affiliations = sorted(
        affiliations[a] for a in {fold(a) for m in other for a in m.affiliations} & set(affiliations)
    )
    if same_affiliations:
        found.append("same affiliation: " + ", ".join(map(repr, same_affiliations[:2])))
    topics = sorted({t for m in one for t in m.topics} & {t for m in other for t in m.topics})
    if topics:
        found.append("shared categories: " + ", ".join(topics[:4]))
    return "; ".join(found) if found else "no shared coauthor, venue, affiliation or category"


def _decisions(
    block: AuthorBlock,
    model: AuthorModel,
    people: _People,
    groups: list[list[int]],
    hard_rules: dict[int, set[str]],
    explain: Callable[[AuthorBlock, list[int], list[int]], str],
    known: FloatArray | None,
) -> list[BlockDecision]:
    decisions: list[BlockDecision] = []
    weakest: dict[int, _Merge] = {}
    for step in people.merges:
        root = people.find(step.left[0])
        if root not in weakest or step.probability < weakest[root].probability:
            weakest[root] = step
    members_of_root = {people.find(g[0]): g for g in groups}
    for root, members in members_of_root.items():
        if len(members) < 2:
            continue
        rules = sorted({rule for r, found in hard_rules.items() if people.find(r) == root for rule in found})
        merge = weakest.get(root)
        spellings = {block.mentions[i].parsed.key for i in members}
        if merge is None:
            rule, confidence, evidence = ", ".join(rules), 1.0, "hard evidence only"
        else:
            rule = ", ".join([*rules, "author model"])
            confidence = merge.probability
            evidence = (
                f"{len(members)} mentions, {len(spellings)} spelling(s); weakest merge at probability "
                f"{merge.probability:.2f}: {explain(block, merge.left, merge.right)}"
            )
        decisions.append(BlockDecision("merged", members, rule, evidence, round(confidence, 3)))
    decisions.extend(_splits(block, model, people, groups, known))
    return decisions


def _splits(
    block: AuthorBlock, model: AuthorModel, people: _People, groups: list[list[int]], known: FloatArray | None
) -> list[BlockDecision]:
    """What the clustering kept apart: one decision per spelling it split into several people (the closest two
    named), and one per spelling left apart from every person with a compatible spelling (the closest named)."""
    if len(groups) < 2:
        return []
    if known is None:
        scores = model.score_groups(group_features(block, groups))
        scores[_forbidden(people, groups)] = 0.0
    else:
        scores = known
    count = len(groups)
    i, j = pair_indices(count)
    table = np.zeros((count, count))
    table[i, j] = scores
    table[j, i] = scores
    spellings_of = [dict.fromkeys(block.mentions[m].parsed.key for m in members) for members in groups]
    label_of = {block.mentions[m].parsed.key: block.mentions[m].label for members in groups for m in members}
    by_spelling: dict[str, list[int]] = {}
    for number, keys in enumerate(spellings_of):
        for key in keys:
            by_spelling.setdefault(key, []).append(number)
    decisions = []
    for key, numbers in by_spelling.items():
        if len(numbers) > 1:
            decisions.append(_split(block, groups, table, key, numbers))
    reported: set[tuple[str, str]] = set()
    for key, numbers in by_spelling.items():
        best, closest = 0.0, None
        for a in numbers:
            for b in range(count):
                if b in numbers or table[a, b] <= best:
                    continue
                other = next((k for k in spellings_of[b] if people.names_compatible(key, k)), None)
                if other is not None and other != key:
                    best, closest = float(table[a, b]), (a, b, other)
        if closest is None:
            continue
        a, b, other = closest
        pair = (key, other) if key < other else (other, key)
        if pair in reported:
            continue
        reported.add(pair)
        mentions = sorted(m for n in (a, b) for m in groups[n] if block.mentions[m].parsed.key in pair)
        decisions.append(
            BlockDecision(
                "apart", mentions, "author model: compatible names, different people",
                f"{label_of[key]!r} and {label_of[other]!r} could be one person by name; kept apart at probability "
                f"{best:.2f} (below {model.final_merge:.2f}): {describe_merge(block, groups[a], groups[b])}",
                round(1 - best, 3),
            )
        )  # fmt: skip
    return decisions


def _split(
    block: AuthorBlock, groups: list[list[int]], table: FloatArray, key: str, numbers: list[int]
) -> BlockDecision:
    """The decision for one spelling split into the people ``numbers``."""
    best, pair = -1.0, (numbers[0], numbers[1])
    for x, a in enumerate(numbers):
        for b in numbers[x + 1 :]:
            if table[a, b] > best:
                best, pair = float(table[a, b]), (a, b)
    mentions = [i for n in numbers for i in groups[n] if block.mentions[i].parsed.key == key]
    sizes = sorted((sum(block.mentions[i].parsed.key == key for i in groups[n]) for n in numbers), reverse=True)
    label = block.mentions[mentions[0]].label
    return BlockDecision(
        "split", sorted(mentions), "author model: one spelling, several people",
        f"{label!r}: {len(mentions)} mentions are {len(numbers)} people ({', '.join(map(str, sizes))} mentions); "
        f"the closest two are kept apart at probability {best:.2f}: "
        f"{describe_merge(block, groups[pair[0]], groups[pair[1]])}",
        round(1 - best, 3),
    )  # fmt: skip
