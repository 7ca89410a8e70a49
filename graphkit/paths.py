"""Collaborator paths: the chain of people between two authors, with the papers behind each hop."""

from __future__ import annotations

from typing import Any

from graphkit.errors import GraphkitError
from graphkit.graph import Author, KnowledgeGraph
from graphkit.lookup import find_author
from graphkit.models import StrictModel
from graphkit.queries import Runner, run_query

__all__ = ["Hop", "NoPathError", "PathResult", "author_directory", "collaborator_paths"]


class NoPathError(GraphkitError):
    """The two authors are not connected within the hop limit."""


class Hop(StrictModel):
    """One link of a chain: two coauthors and the papers they share."""

    source: str
    target: str
    papers: list[dict[str, Any]]


class PathResult(StrictModel):
    """One chain of coauthors."""

    names: list[str]
    ids: list[str]
    hops: list[Hop]


def author_directory(runner: Runner) -> KnowledgeGraph:
    """A graph holding only the stored authors' ids, names and variants, for name look-up."""
    rows = runner.execute("MATCH (a:Author) RETURN a.id AS id, a.name AS name, a.name_variants AS variants")
    return KnowledgeGraph(authors={r["id"]: Author(r["id"], r["name"], list(r["variants"] or [])) for r in rows})


def collaborator_paths(
    runner: Runner, a: str, b: str, *, max_hops: int = 6, all_paths: bool = False, dialect: str = "ladybug"
) -> list[PathResult]:
    """Shortest chains of coauthors from ``a`` to ``b`` (names or ids), each hop with its shared papers.

    Raises
    ------
    NoPathError
        When no chain of at most ``max_hops`` links exists.
    """
    directory = author_directory(runner)
    first, last = find_author(directory, a), find_author(directory, b)
    name = "all_collaborator_paths" if all_paths else "collaborator_path"
    rows = run_query(runner, name, {"a": first.id, "b": last.id, "max_hops": max_hops}, dialect=dialect)
    if not rows:
        raise NoPathError(f"{first.name} and {last.name} are not connected by a chain of at most {max_hops} coauthors")
    results = []
    for row in rows:
        ids, names = list(row["ids"]), list(row["names"])
        hops = [
            Hop(source=names[i], target=names[i + 1],
                papers=run_query(runner, "shared_papers", {"a": ids[i], "b": ids[i + 1]}, dialect=dialect))
            for i in range(len(ids) - 1)
        ]  # fmt: skip
        results.append(PathResult(names=names, ids=ids, hops=hops))
    return sorted(results, key=lambda r: r.names)
