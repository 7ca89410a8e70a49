"""Assembly: records in, one resolved :class:`~graphkit.resolve.graph.KnowledgeGraph` out.

The records are staged as columnar tables (:func:`graphkit.stage.tables.records_to_tables`) and resolved
by the same bulk path a build takes (:func:`graphkit.resolve.bulk.assemble_tables`), so the in-memory
graph of the Python API and the stored graph of ``graphkit build`` cannot differ.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from graphkit.core.models import AnyRecord
from graphkit.core.names import parse_name
from graphkit.core.text import fold
from graphkit.resolve.author_model import AuthorResolution
from graphkit.resolve.bulk import assemble_tables
from graphkit.resolve.graph import DEFAULT_COAUTHOR_MAX_AUTHORS, KnowledgeGraph
from graphkit.resolve.overrides import Overrides
from graphkit.stage.tables import records_to_tables

__all__ = ["assemble", "gc_paused"]


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


def assemble(
    records: Iterable[AnyRecord],
    overrides: Overrides | None = None,
    *,
    coauthor_max_authors: int = DEFAULT_COAUTHOR_MAX_AUTHORS,
    author_model: AuthorResolution = "rules",
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
    author_model : "rules", "learned" or AuthorModel
        Who decides which byline names are one person (see :func:`~graphkit.resolve.bulk.resolved_tables`).

    Examples
    --------
    >>> from graphkit.core.models import AuthorRef, PaperRecord, Provenance
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
        tables = assemble_tables(
            [records_to_tables(records)], overrides, coauthor_max_authors=coauthor_max_authors,
            author_model=author_model,
        )  # fmt: skip
        graph = tables.to_graph()
    # The name caches have served this build; keeping them would hold every spelling in memory.
    parse_name.cache_clear()
    fold.cache_clear()
    return graph
