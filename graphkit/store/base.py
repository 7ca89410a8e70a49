"""What every graph store offers: running Cypher with parameters and returning rows.

The embedded store, the Neo4j runner, and test stand-ins all satisfy :class:`Runner`, so the query
library, the loaders and the exports take any of them.
"""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["Runner"]


class Runner(Protocol):
    """Anything that runs Cypher with parameters and returns rows as dictionaries."""

    def execute(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...
