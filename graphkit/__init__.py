"""graphkit: scholarly metadata to a citation and coauthor knowledge graph.

The stages, each a subpackage: :mod:`graphkit.extract` (input formats to typed records),
:mod:`graphkit.resolve` (who and what is the same), :mod:`graphkit.resolve.graph` (the knowledge graph
and its NetworkX views), :mod:`graphkit.store` (embedded LadybugDB, Neo4j).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("graphkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
