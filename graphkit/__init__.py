"""graphkit: scholarly metadata to a citation and coauthor knowledge graph.

The stages, each a subpackage: :mod:`graphkit.extract` (input formats to typed records),
:mod:`graphkit.stage` (records to columnar tables), :mod:`graphkit.resolve` (who and what is the same),
:mod:`graphkit.store` (embedded LadybugDB, Neo4j), :mod:`graphkit.analysis` and :mod:`graphkit.query`
(metrics and questions), :mod:`graphkit.export` (files other tools read). For notebooks and scripts,
:func:`open` gives a stored graph asked by name (:mod:`graphkit.api`).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

try:
    __version__ = version("graphkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

if TYPE_CHECKING:
    from graphkit.api.graph import Graph

__all__ = ["__version__", "open"]


def open(db: str | Path | None = None, *, neo4j: bool = False) -> Graph:
    """Open a stored graph for questions by name (see :func:`graphkit.api.graph.open_graph`).

    Examples
    --------
    >>> import tempfile, pathlib, graphkit
    >>> from graphkit.store.build import build
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with graphkit.open(db) as g:
    ...     [hop.target for hop in g.path("Theo Datta", "Tong Zhang")[0].hops]
    ['Sham M. Kakade', 'Tong Zhang']
    """
    # Imported here so that `import graphkit` stays light (the stores, NetworkX and Arrow load on first use).
    from graphkit.api.graph import open_graph

    return open_graph(db, neo4j=neo4j)
