"""Collaborator paths: the chain of people between two authors, with the papers behind each hop."""

from __future__ import annotations

from typing import Any

from graphkit.core.errors import GraphkitError
from graphkit.core.models import StrictModel
from graphkit.core.names import is_initial, parse_name
from graphkit.query.library import MAX_HOPS, Runner, run_query
from graphkit.query.lookup import Directory, NameMatch, Person

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


def author_directory(runner: Runner, *, dialect: str = "ladybug") -> Directory:
    """Every stored author's id, name, variants and number of papers, indexed for name look-up."""
    return Directory(_person(row) for row in run_query(runner, "author_directory", dialect=dialect))


def _person(row: dict[str, Any]) -> Person:
    return Person(row["id"], row["name"], tuple(row["variants"] or ()), int(row["papers"] or 0))


def find_stored_author(
    runner: Runner,
    query: str,
    *,
    dialect: str = "ladybug",
    directory: Directory | None = None,
    strict: bool = False,
) -> NameMatch:
    """The stored author ``query`` names, by the rules of :mod:`graphkit.query.lookup`.

    An id, or a full name spelled exactly as one person's, is answered by one scan inside the store; other
    spellings (initials, surnames, first names, other cases and accents) are matched over the whole directory
    (seconds on 100k authors; pass ``directory`` to look up many names). Where several people match, the one
    with the most papers is taken and a :class:`~graphkit.query.lookup.NameChoiceWarning` names the others.

    Raises
    ------
    UnknownNameError
        No one matches; the message suggests the closest names.
    AmbiguousNameError
        Several people match and ``strict`` is set.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     [find_stored_author(store, q).name for q in ("s. kakade", "Kakade", "Kakade, Sham")]
    ['Sham M. Kakade', 'Sham M. Kakade', 'Sham M. Kakade']
    """
    if directory is None:
        for row in run_query(runner, "author_by_id", {"author_id": query}, dialect=dialect):
            return Directory([_person(row)]).match(query)
        parsed = parse_name(query)
        if parsed.given and not all(is_initial(g) for g in parsed.given):
            exact = [_person(row) for row in run_query(runner, "authors_named", {"name": query}, dialect=dialect)]
            if len(exact) == 1:
                return Directory(exact).match(query)
        directory = author_directory(runner, dialect=dialect)
    return directory.match(query, strict=strict)


def collaborator_paths(
    runner: Runner,
    a: str,
    b: str,
    *,
    max_hops: int = 6,
    all_paths: bool = False,
    dialect: str = "ladybug",
    strict: bool = False,
) -> list[PathResult]:
    """Shortest chains of coauthors from ``a`` to ``b`` (names or ids), each hop with its shared papers.

    Raises
    ------
    UnknownNameError, AmbiguousNameError
        As :func:`find_stored_author` (``strict``: refuse a name several people match).
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
    first = find_stored_author(runner, a, dialect=dialect, strict=strict)
    last = find_stored_author(runner, b, dialect=dialect, strict=strict)
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
        rows = run_query(runner, name, params, dialect=dialect, names=False)
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
                papers=run_query(runner, "shared_papers", {"a": ids[i], "b": ids[i + 1]}, dialect=dialect,
                                 names=False))
            for i in range(len(ids) - 1)
        ]  # fmt: skip
        results.append(PathResult(names=names, ids=ids, hops=hops))
    return sorted(results, key=lambda r: r.names)
