"""Collaborator paths: the chain of people between two authors, with the papers behind each hop."""

from __future__ import annotations

from typing import Any

from graphkit.errors import GraphkitError
from graphkit.graph import Author, KnowledgeGraph
from graphkit.lookup import find_author
from graphkit.models import StrictModel
from graphkit.queries import MAX_HOPS, Runner, run_query

__all__ = ["Hop", "NoPathError", "PathResult", "author_directory", "collaborator_paths", "find_stored_author"]


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


def author_directory(runner: Runner, *, dialect: str = "ladybug") -> KnowledgeGraph:
    """A graph holding only the stored authors' ids, names and variants, for name look-up."""
    rows = run_query(runner, "author_directory", dialect=dialect)
    return KnowledgeGraph(authors={r["id"]: Author(r["id"], r["name"], list(r["variants"] or [])) for r in rows})


def find_stored_author(
    runner: Runner, query: str, *, dialect: str = "ladybug", directory: KnowledgeGraph | None = None
) -> Author:
    """The stored author ``query`` names: an id is checked with one indexed look-up, a name searched forgivingly.

    Raises
    ------
    UnknownNameError, AmbiguousNameError
        As :func:`graphkit.lookup.find_author`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.build import build
    >>> from graphkit.stores.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     find_stored_author(store, "s. kakade").name
    'Sham M. Kakade'
    """
    for row in run_query(runner, "author_by_id", {"author_id": query}, dialect=dialect):
        return Author(row["id"], row["name"], list(row["variants"] or []))
    return find_author(directory or author_directory(runner, dialect=dialect), query)


def collaborator_paths(
    runner: Runner, a: str, b: str, *, max_hops: int = 6, all_paths: bool = False, dialect: str = "ladybug"
) -> list[PathResult]:
    """Shortest chains of coauthors from ``a`` to ``b`` (names or ids), each hop with its shared papers.

    Raises
    ------
    NoPathError
        When no chain of at most ``max_hops`` links exists, or ``a`` and ``b`` are the same person.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.build import build
    >>> from graphkit.stores.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     (path,) = collaborator_paths(store, "Theo Datta", "tong zhang")
    >>> path.names
    ['Theo Datta', 'Sham M. Kakade', 'Tong Zhang']
    """
    first = find_stored_author(runner, a, dialect=dialect)
    last = find_stored_author(runner, b, dialect=dialect)
    if first.id == last.id:
        raise NoPathError(f"{a!r} and {b!r} are the same person ({first.name}, id {first.id}): no chain to find")
    name = "all_collaborator_paths" if all_paths else "collaborator_path"
    rows = run_query(runner, name, {"a": first.id, "b": last.id, "max_hops": max_hops}, dialect=dialect)
    if not rows:
        further = f" (raise --max-hops, up to {MAX_HOPS}, to look further)" if max_hops < MAX_HOPS else ""
        raise NoPathError(
            f"{first.name} and {last.name} are not connected by a chain of at most {max_hops} coauthors{further}"
        )
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
