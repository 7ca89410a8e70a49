"""Compute the metrics of a stored graph and write them back to the store."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable
from pathlib import Path

from graphkit.analysis.metrics import AnalysisResult, analyze
from graphkit.resolve.assemble import gc_paused
from graphkit.store.build import _drain, load_stored_graph
from graphkit.store.embedded import replace_store

__all__ = ["analyze_store"]


def analyze_store(
    db: str | Path,
    *,
    as_of: dt.date | None = None,
    seed: int = 0,
    resolution: float = 1.0,
    betweenness_samples: int = 1000,
    overrides: str | Path | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> AnalysisResult:
    """Compute every metric for the graph in ``db`` and write it back (replacing the store, as a build does).

    Running it twice with the same arguments leaves the same store.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> from graphkit.store.build import build
    >>> _ = build(["examples/"], db)
    >>> analyze_store(db).communities > 0
    True
    """
    with gc_paused():
        graph, records = load_stored_graph(db, overrides)
        result = analyze(graph, as_of=as_of, seed=seed, resolution=resolution, betweenness_samples=betweenness_samples)
        replace_store(db, graph, _drain(deque(records)), progress=progress)
    return result
