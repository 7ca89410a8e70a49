"""Forgiving author look-up by name: case, accents, punctuation, initials; ids accepted as they are."""

from __future__ import annotations

import difflib

from graphkit.core.errors import GraphkitError
from graphkit.core.names import compatible, parse_name
from graphkit.core.text import fold
from graphkit.resolve.graph import Author, KnowledgeGraph

__all__ = ["AmbiguousNameError", "UnknownNameError", "find_author"]


class UnknownNameError(GraphkitError):
    """No author matches a name; the message suggests the closest names."""


class AmbiguousNameError(GraphkitError):
    """Several authors match a name; the message lists them with their ids."""


def find_author(graph: KnowledgeGraph, query: str) -> Author:
    """The one author ``query`` names: an id, an exact folded name or variant, else a compatible name.

    Examples
    --------
    >>> from graphkit.resolve.graph import Author
    >>> g = KnowledgeGraph(authors={"a1": Author("a1", "Sham M. Kakade", ["Sham Kakade"])})
    >>> find_author(g, "sham kakade").id, find_author(g, "S. Kakade").id
    ('a1', 'a1')
    """
    if query in graph.authors:
        return graph.authors[query]
    key = fold(query)
    exact = [a for a in graph.authors.values() if key in {fold(n) for n in (a.name, *a.name_variants)}]
    if len(exact) == 1:
        return exact[0]
    wanted = parse_name(query)
    matches = exact or [
        a for a in graph.authors.values() if any(compatible(wanted, parse_name(n)) for n in (a.name, *a.name_variants))
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{a.name} (id {a.id})" for a in sorted(matches, key=lambda a: a.name))
        raise AmbiguousNameError(f"{query!r} matches {len(matches)} authors: {listed}. Pass one of the ids instead.")
    names = {fold(a.name): a.name for a in graph.authors.values()}
    close = [names[n] for n in difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)]
    hint = f" Closest: {', '.join(close)}." if close else ""
    raise UnknownNameError(f"no author named {query!r} in the graph.{hint}")
