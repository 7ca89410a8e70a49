"""Figures of the graph (PNG or SVG by the file's suffix): degree distribution, papers per year, h-index distribution.

Each figure's data comes from a function of its own, so that what is drawn can be checked.
"""

from __future__ import annotations

import collections
from pathlib import Path

# The object-oriented API draws with no pyplot state and no display: figures go straight to files.
from matplotlib.figure import Figure

from graphkit.core.errors import GraphkitError
from graphkit.store.base import Runner

__all__ = ["PLOTS", "degree_distribution", "h_index_distribution", "papers_per_year", "write_plot"]

PLOTS = ("degree", "years", "hindex")


def degree_distribution(runner: Runner) -> dict[int, int]:
    """Number of authors with each number of distinct coauthors (authors with none included)."""
    rows = runner.execute(
        "MATCH (a:Author) RETURN a.id AS id, COUNT { MATCH (a)-[:COAUTHORED_WITH]-(:Author) } AS degree"
    )
    return dict(sorted(collections.Counter(row["degree"] for row in rows).items()))


def papers_per_year(runner: Runner) -> dict[int, int]:
    """Number of papers with each year (undated papers left out)."""
    rows = runner.execute("MATCH (p:Paper) WHERE p.year IS NOT NULL RETURN p.year AS year, count(*) AS papers")
    return dict(sorted((row["year"], row["papers"]) for row in rows))


def h_index_distribution(runner: Runner) -> dict[int, int]:
    """Number of authors with each h-index from the graph's own citations (needs ``graphkit analyze``)."""
    rows = runner.execute("MATCH (a:Author) WHERE a.h_index IS NOT NULL RETURN a.h_index AS h, count(*) AS authors")
    if not rows:
        raise GraphkitError("no h-index in the store: run `graphkit analyze` first")
    return dict(sorted((row["h"], row["authors"]) for row in rows))


def write_plot(runner: Runner, kind: str, path: str | Path) -> dict[int, int]:
    """Draw one figure into ``path`` (``.png`` or ``.svg``); return the data drawn.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = build(["examples/"], tmp / "g.lbdb")
    >>> with EmbeddedStore(tmp / "g.lbdb", read_only=True) as store:
    ...     max(write_plot(store, "degree", tmp / "degree.svg"))
    43
    """
    path = Path(path)
    if path.suffix.lower() not in {".png", ".svg"}:
        raise GraphkitError(f"{path}: write the figure to a .png or .svg file")
    if kind not in PLOTS:
        raise GraphkitError(f"unknown plot {kind!r}; choose one of {', '.join(PLOTS)}")
    figure = Figure(figsize=(6.4, 4.2), layout="constrained")
    axes = figure.subplots()
    if kind == "degree":
        data = degree_distribution(runner)
        positive = {k: v for k, v in data.items() if k > 0}  # log axes cannot show 0
        axes.loglog(list(positive), list(positive.values()), "o", markersize=4)
        axes.set(xlabel="coauthors (degree)", ylabel="authors", title="Degree distribution (log–log)")
    elif kind == "years":
        data = papers_per_year(runner)
        axes.bar(list(data), list(data.values()), width=0.8)
        axes.set(xlabel="year", ylabel="papers", title="Papers per year")
    else:
        data = h_index_distribution(runner)
        axes.bar(list(data), list(data.values()), width=0.8)
        axes.set(xlabel="h-index (in-graph citations)", ylabel="authors", title="h-index distribution")
        axes.set_yscale("log")
    figure.savefig(path, dpi=150)
    return data
