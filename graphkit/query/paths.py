"""Collaborator paths: the chain of people between two authors, with the papers behind each hop."""

from __future__ import annotations

from typing import Any

from graphkit.core.errors import GraphkitError
from graphkit.core.models import StrictModel
from graphkit.query.library import MAX_HOPS, Runner, run_query
from graphkit.query.lookup import find_author
from graphkit.resolve.graph import Author, KnowledgeGraph

__all__ = ["Hop", "NoPathError", "PathResult", "author_directory", "collaborator_paths", "find_stored_author"]


PATH_LIMIT = 100
"""The most chains ``all_paths=True`` returns (hub-heavy graphs can have thousands of equally short ones)."""


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
    """The stored author ``query`` names: an id or an exact spelling is found in the store, others forgivingly.

    Raises
    ------
    UnknownNameError, AmbiguousNameError
        As :func:`graphkit.query.lookup.find_author`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     find_stored_author(store, "s. kakade").name
    'Sham M. Kakade'
    """
    for row in run_query(runner, "author_by_id", {"author_id": query}, dialect=dialect):
        return Author(row["id"], row["name"], list(row["variants"] or []))
    # An exact spelling is answered by one scan inside the store; only other spellings need the whole
    # directory in Python (seconds on 100k authors).
    exact = [Author(r["id"], r["name"], list(r["variants"] or []))
             for r in run_query(runner, "authors_named", {"name": query}, dialect=dialect)]  # fmt: skip
    if exact:
        return find_author(KnowledgeGraph(authors={a.id: a for a in exact}), query)
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
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
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
    limit = PATH_LIMIT if all_paths else 1
    projection = getattr(runner, "coauthor_projection", None)
    if projection is not None and dialect == "ladybug":
        # The embedded store: bidirectional search in memory (see graphkit.store.projection for why).
        graph = projection()
        found = graph.shortest_paths(first.id, last.id, max_hops=max_hops, limit=limit)
        if found.exhausted:
            raise NoPathError(f"{first.name} and {last.name} are not connected: no chain of coauthors links them")
        rows = [{"ids": chain, "names": [graph.names[graph.index[i]] for i in chain]} for chain in found.paths]
    else:
        name = "all_collaborator_paths" if all_paths else "collaborator_path"
        params = {"a": first.id, "b": last.id, "max_hops": max_hops, **({"limit": limit} if all_paths else {})}
        rows = run_query(runner, name, params, dialect=dialect)
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
