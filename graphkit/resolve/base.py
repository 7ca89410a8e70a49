"""The resolver base class: union-find over mentions, with evidence, guards and overrides.

A resolver receives *mentions* (every place a source names a paper, a person or an institution)
and decides which are the same entity. Subclasses implement one method, :meth:`Resolver.propose`,
which yields candidate :class:`Link` values (two mentions, the rule that matched, the evidence).
The base class applies them in order and refuses any link that would:

* put two different values of one external id in one entity (two ORCIDs, two DOIs): different
  ids mean different entities, whatever the names say;
* join what the user's overrides file says must stay apart (``must_not_merge``).

Every accepted link between differently-labelled mentions becomes part of a
:class:`MergeDecision`, and every refused one is recorded too, so each decision can be inspected
and reversed with an override.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from graphkit.core.models import StrictModel

__all__ = ["Clustering", "Link", "Mention", "MergeDecision", "Resolver", "find_root"]


@dataclass
class Mention:
    """One naming of an entity by a source.

    ``label`` is the display text (a name or title) and ``ids`` maps an id type to its value.
    """

    label: str
    ids: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Link:
    """A proposal that mentions ``a`` and ``b`` are the same entity, with its rule and evidence."""

    a: int
    b: int
    rule: str
    evidence: str
    forced: bool = False
    #: Whether an accepted link is worth a recorded decision (same-spelling links are not).
    recorded: bool = True


class MergeDecision(StrictModel):
    """A resolution decision, kept with the graph: what was merged (or kept apart), by which rule, why."""

    entity: str
    outcome: str  # "merged" or "kept apart"
    labels: list[str]
    rule: str
    evidence: str
    canonical_id: str | None = None
    #: How sure the resolver is (0–1): the author model's probability for its weakest merge, or one minus its
    #: probability for the closest pair it kept apart; ``None`` for rules that are certain by construction.
    confidence: float | None = None


@dataclass
class Clustering:
    """The result of a resolver run: a cluster index per mention, and the decisions taken."""

    cluster_of: list[int]
    decisions: list[MergeDecision]
    _groups: dict[int, list[int]] | None = field(default=None, repr=False)

    def clusters(self) -> dict[int, list[int]]:
        """Mentions grouped by cluster, each list in mention order (computed once)."""
        if self._groups is None:
            groups: dict[int, list[int]] = {}
            for mention, cluster in enumerate(self.cluster_of):
                groups.setdefault(cluster, []).append(mention)
            self._groups = groups
        return self._groups


def find_root(parent: list[int], x: int) -> int:
    """The root of ``x`` in the union-find forest ``parent``, compressing the path on the way.

    Examples
    --------
    >>> parent = [0, 0, 1]
    >>> find_root(parent, 2), parent
    (0, [0, 0, 0])
    """
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


class _UnionFind:
    def __init__(self, mentions: list[Mention]) -> None:
        self.parent = list(range(len(mentions)))
        self.ids: list[dict[str, str]] = [dict(m.ids) for m in mentions]
        self.tags: list[set[str]] = [set() for _ in mentions]

    def find(self, x: int) -> int:
        return find_root(self.parent, x)

    def conflict(self, ra: int, rb: int) -> str | None:
        for kind, value in self.ids[ra].items():
            other = self.ids[rb].get(kind)
            if other is not None and other != value:
                return f"different {kind} ids ({value} vs {other})"
        for tag in self.tags[ra]:
            if tag.endswith(":a") and tag[:-2] + ":b" in self.tags[rb]:
                return "the overrides file says these must not be merged"
            if tag.endswith(":b") and tag[:-2] + ":a" in self.tags[rb]:
                return "the overrides file says these must not be merged"
        return None

    def union(self, ra: int, rb: int) -> None:
        if len(self.ids[ra]) + len(self.tags[ra]) < len(self.ids[rb]) + len(self.tags[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        for kind, value in self.ids[rb].items():
            self.ids[ra].setdefault(kind, value)
        self.tags[ra] |= self.tags[rb]


@dataclass
class OverridePairs:
    """``must_merge`` and ``must_not_merge`` pairs for one entity type (and author splits), as override keys."""

    must_merge: list[tuple[str, str]] = field(default_factory=list)
    must_not_merge: list[tuple[str, str]] = field(default_factory=list)
    #: Authors only: (name, papers) — the name's mentions on those papers are one person apart from its others.
    splits: list[tuple[str, list[str]]] = field(default_factory=list)


class Resolver(ABC):
    """Base class of the paper, author and institution resolvers.

    Parameters
    ----------
    overrides : OverridePairs, optional
        The user's decisions for this entity type; applied on every run.
    """

    #: The entity this resolver decides for ("paper", "author", "institution").
    entity: ClassVar[str]

    def __init__(self, overrides: OverridePairs | None = None) -> None:
        self.overrides = overrides or OverridePairs()
        self._notes: list[MergeDecision] = []

    def note(self, labels: Iterable[str], rule: str, evidence: str) -> None:
        """Record a decision to keep mentions apart that no link expresses (an ambiguous name)."""
        self._notes.append(
            MergeDecision(
                entity=self.entity, outcome="kept apart", labels=sorted(set(labels)), rule=rule, evidence=evidence
            )
        )

    @abstractmethod
    def propose(self, mentions: list[Mention]) -> Iterable[Link]:
        """Yield links in order of confidence (external ids first)."""

    def override_key(self, text: str) -> str:
        """Normalise an overrides-file entry the way :meth:`override_keys` normalises mentions."""
        return text

    def override_keys(self, mention: Mention) -> Iterable[str]:
        """The keys by which an overrides file can name ``mention``: its label and its ids (``kind:value``)."""
        return [self.override_key(mention.label), *(f"{k}:{v}" for k, v in mention.ids.items()), *mention.ids.values()]

    def resolve(self, mentions: list[Mention]) -> Clustering:
        """Cluster ``mentions`` by the overrides, then by :meth:`propose`, recording every decision."""
        uf = _UnionFind(mentions)
        self._notes = []
        by_key: dict[str, list[int]] = {}
        if self.overrides.must_merge or self.overrides.must_not_merge:
            for index, mention in enumerate(mentions):
                for key in self.override_keys(mention):
                    by_key.setdefault(key, []).append(index)
        for number, (left, right) in enumerate(self.overrides.must_not_merge):
            for index in by_key.get(self.override_key(left), []):
                uf.tags[index].add(f"{number}:a")
            for index in by_key.get(self.override_key(right), []):
                uf.tags[index].add(f"{number}:b")
        decisions: list[MergeDecision] = []
        merged_edges: list[Link] = []
        for link in [*self._forced_links(by_key), *self.propose(mentions)]:
            ra, rb = uf.find(link.a), uf.find(link.b)
            if ra == rb:
                continue
            problem = uf.conflict(ra, rb)
            if problem is not None:
                decisions.append(
                    MergeDecision(
                        entity=self.entity,
                        outcome="kept apart",
                        labels=sorted({mentions[link.a].label, mentions[link.b].label}),
                        rule=link.rule,
                        evidence=f"{link.evidence}; refused: {problem}",
                    )
                )
                continue
            uf.union(ra, rb)
            if link.recorded:
                merged_edges.append(link)
        # Name each cluster by its first mention, so cluster numbers do not depend on merge order.
        first_of_root: dict[int, int] = {}
        cluster_of = [first_of_root.setdefault(uf.find(i), i) for i in range(len(mentions))]
        decisions[:0] = self._merge_decisions(mentions, cluster_of, merged_edges)
        decisions.extend(self._notes)
        return Clustering(cluster_of, decisions)

    def _forced_links(self, by_key: dict[str, list[int]]) -> Iterator[Link]:
        for left, right in self.overrides.must_merge:
            lefts, rights = by_key.get(self.override_key(left), []), by_key.get(self.override_key(right), [])
            for a in lefts[:1]:
                for b in rights:
                    yield Link(a, b, "override: must merge", f"overrides file: {left!r} = {right!r}", forced=True)
            for a, b in itertools.pairwise(lefts):
                yield Link(a, b, "override: must merge", f"overrides file: {left!r}", forced=True)

    def _merge_decisions(
        self, mentions: list[Mention], cluster_of: list[int], links: list[Link]
    ) -> list[MergeDecision]:
        by_cluster: dict[int, list[Link]] = {}
        for link in links:
            by_cluster.setdefault(cluster_of[link.a], []).append(link)
        decisions = []
        for cluster_links in by_cluster.values():
            labels = sorted({mentions[i].label for link in cluster_links for i in (link.a, link.b)})
            rules = sorted({link.rule for link in cluster_links})
            evidence = "; ".join(dict.fromkeys(link.evidence for link in cluster_links))
            decisions.append(
                MergeDecision(
                    entity=self.entity, outcome="merged", labels=labels, rule=", ".join(rules), evidence=evidence
                )
            )
        return decisions
