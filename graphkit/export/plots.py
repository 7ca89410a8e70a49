"""Figures of the graph (PNG or SVG by the file's suffix): degree distribution, papers per year, h-index distribution;
an author's timeline and the strongest bursts.

Each figure's data comes from a function of its own, so that what is drawn can be checked.
"""

from __future__ import annotations

import collections
from pathlib import Path

# The object-oriented API draws with no pyplot state and no display: figures go straight to files.
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from scipy.stats import rankdata

from graphkit.analysis.keywords import QUADRANTS, Theme
from graphkit.analysis.trends import Burst, Timeline
from graphkit.core.errors import GraphkitError
from graphkit.store.base import Runner

__all__ = [
    "PLOTS",
    "degree_distribution",
    "h_index_distribution",
    "main_span",
    "papers_per_year",
    "plot_bursts",
    "plot_thematic_map",
    "plot_timeline",
    "write_plot",
]

PLOTS = ("degree", "years", "hindex")


def degree_distribution(runner: Runner) -> dict[int, int]:
    """Number of authors with each number of distinct coauthors (authors with none included)."""
    rows = runner.execute(
        "MATCH (a:Author) RETURN a.id AS id, COUNT { MATCH (a)-[:COAUTHORED_WITH]-(:Author) } AS degree"
    )
    return dict(sorted(collections.Counter(row["degree"] for row in rows).items()))


def papers_per_year(runner: Runner) -> dict[int, int]:
    """Number of papers with each year (undated papers left out, and stub papers: the works only cited, whose
    year a reference string gives)."""
    rows = runner.execute(
        "MATCH (p:Paper) WHERE p.year IS NOT NULL AND size(p.sources) > 0 RETURN p.year AS year, count(*) AS papers"
    )
    return dict(sorted((row["year"], row["papers"]) for row in rows))


def h_index_distribution(runner: Runner) -> dict[int, int]:
    """Number of authors with each h-index from the graph's own citations (needs ``graphkit analyze``)."""
    rows = runner.execute("MATCH (a:Author) WHERE a.h_index IS NOT NULL RETURN a.h_index AS h, count(*) AS authors")
    if not rows:
        raise GraphkitError("no h-index in the store: run `graphkit analyze` first")
    return dict(sorted((row["h"], row["authors"]) for row in rows))


YEAR_GAP = 10
"""Years further than this from the rest of the corpus are left off the papers-per-year axis (and named on it)."""


def main_span(per_year: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
    """The run of years holding most papers, with no gap wider than :data:`YEAR_GAP`, and the years left out.

    Examples
    --------
    >>> main_span({1800: 1, 2019: 5, 2020: 7, 2024: 3})
    ({2019: 5, 2020: 7, 2024: 3}, {1800: 1})
    """
    years = sorted(per_year)
    runs: list[list[int]] = []
    for year in years:
        if runs and year - runs[-1][-1] <= YEAR_GAP:
            runs[-1].append(year)
        else:
            runs.append([year])
    if not runs:
        return {}, {}
    kept = set(max(runs, key=lambda run: sum(per_year[y] for y in run)))
    return ({y: per_year[y] for y in years if y in kept}, {y: per_year[y] for y in years if y not in kept})


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
    path = _figure_path(path)
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
        shown, left_out = main_span(data)
        axes.bar(list(shown), list(shown.values()), width=0.8)
        axes.set(xlabel="year", ylabel="papers", title="Papers per year")
        if left_out:
            # A stray year (a BibTeX typo, a reprint's 1800) would stretch the axis over centuries of nothing.
            note = ", ".join(f"{papers} in {year}" for year, papers in left_out.items())
            axes.annotate(f"not shown, apart from the rest: {note}", (0.01, 0.98), xycoords="axes fraction",
                          va="top", fontsize=7)  # fmt: skip
    else:
        data = h_index_distribution(runner)
        if set(data) == {0}:
            raise GraphkitError(
                "every author's h-index is 0: the graph holds no citations between its papers, so there is no "
                "distribution to draw (build with a source that has references: OpenAlex, Semantic Scholar, "
                "hep-th's citation file)"
            )
        axes.bar(list(data), list(data.values()), width=0.8)
        axes.set(xlabel="h-index (in-graph citations)", ylabel="authors", title="h-index distribution")
        axes.set_yscale("log")
    if kind != "degree":
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # years and h-indexes are whole numbers
    figure.savefig(path, dpi=150)
    return data


def _figure_path(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in {".png", ".svg"}:
        raise GraphkitError(f"{path}: write the figure to a .png or .svg file")
    return path


def plot_timeline(timeline: Timeline, path: str | Path) -> None:
    """An author's years: papers and citations per year (bars), h-index and, where snapshots exist, PageRank.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.analysis.trends import TimelineYear
    >>> year = TimelineYear(year=2020, papers=2, total_papers=2, citations=3, total_citations=3, h_index=1)
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.svg"
    >>> plot_timeline(Timeline(author_id="a", name="A", years=[year]), path)
    >>> path.stat().st_size > 0
    True
    """
    path = _figure_path(path)
    years = [row.year for row in timeline.years]
    ranked = [(row.year, row.pagerank) for row in timeline.years if row.pagerank is not None]
    figure = Figure(figsize=(7.2, 6.0 if ranked else 4.4), layout="constrained")
    panels = figure.subplots(3 if ranked else 2, 1, sharex=True, squeeze=False)[:, 0]
    width = 0.4
    panels[0].bar([y - width / 2 for y in years], [row.papers for row in timeline.years], width, label="papers")
    panels[0].bar([y + width / 2 for y in years], [row.citations for row in timeline.years], width,
                  label="citations received")  # fmt: skip
    panels[0].set(ylabel="per year", title=f"{timeline.name}: timeline")
    panels[0].legend(loc="upper left")
    panels[1].step(years, [row.h_index for row in timeline.years], where="post", label="h-index")
    panels[1].plot(years, [row.total_papers for row in timeline.years], "--", label="papers so far")
    panels[1].set(ylabel="at year end")
    panels[1].legend(loc="upper left")
    if ranked:
        panels[2].plot([y for y, _ in ranked], [v for _, v in ranked], "o-", label="PageRank (coauthor graph)")
        panels[2].set(ylabel="PageRank")
        panels[2].legend(loc="upper left")
    panels[-1].set_xlabel("year")
    panels[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.savefig(path, dpi=150)


def plot_bursts(
    bursts: list[Burst], first: int, last: int, path: str | Path, *, title: str = "Strongest bursts"
) -> None:
    """CiteSpace's burst chart: one row per item over the years ``first``–``last``, its burst drawn in red.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "b.png"
    >>> plot_bursts([Burst(key="p", name="A paper", start=2001, end=2002, strength=4.2)], 1999, 2003, path)
    >>> path.stat().st_size > 0
    True
    """
    path = _figure_path(path)
    if not bursts:
        raise GraphkitError("no bursts to draw")
    figure = Figure(figsize=(8.0, 1.2 + 0.32 * len(bursts)), layout="constrained")
    axes = figure.subplots()
    for row, burst in enumerate(reversed(bursts)):
        axes.hlines(row, first - 0.5, last + 0.5, color="#c8c8c8", linewidth=4)
        axes.hlines(row, burst.start - 0.5, burst.end + 0.5, color="#d62728", linewidth=4)
    labels = [f"{(burst.name or burst.key)[:60]}  ({burst.strength:.1f})" for burst in reversed(bursts)]
    axes.set_yticks(range(len(bursts)), labels, fontsize=7)
    axes.set(xlim=(first - 0.5, last + 0.5), xlabel="year", title=f"{title} (strength in brackets)")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.savefig(path, dpi=150)


def plot_thematic_map(themes: list[Theme], path: str | Path, *, title: str = "Thematic map", labels: int = 3) -> None:
    """The thematic map: each theme at the rank of its centrality (x) and of its density (y), sized by its
    keywords' occurrences, labelled with its ``labels`` most frequent keywords; the medians split the quadrants
    (named in the corners).

    Raises
    ------
    GraphkitError
        If there are no themes (no keywords in the store, or none frequent enough).
    """
    if not themes:
        raise GraphkitError(
            "no themes to draw: the store has no keywords frequent enough (build from sources with keywords: Web "
            "of Science, Scopus, PubMed, OpenAlex; or lower --min-papers)"
        )
    figure = Figure(figsize=(8, 6.5), layout="constrained")
    axes = figure.add_subplot()
    # Ranks, as bibliometrix draws them: raw centralities and densities crowd most themes into one corner.
    x = rankdata([t.centrality for t in themes]).tolist()
    y = rankdata([t.density for t in themes]).tolist()
    largest = max(t.occurrences for t in themes)
    sizes = [60 + 1400 * (t.occurrences / largest) ** 0.5 for t in themes]
    colours = [f"C{t.number % 10}" for t in themes]
    axes.scatter(x, y, s=sizes, c=colours, alpha=0.55, edgecolors="black", linewidths=0.6)
    for theme, tx, ty in zip(themes, x, y, strict=True):
        axes.annotate("\n".join(theme.keywords[:labels]), (tx, ty), ha="center", va="center", fontsize=8)
    # The medians of the ranks split as the medians of the values do (ranks keep the order, ties included).
    axes.axvline(float(np.median(x)), color="grey", linestyle="--", linewidth=0.8)
    axes.axhline(float(np.median(y)), color="grey", linestyle="--", linewidth=0.8)
    for text, (hx, vy, ha, va) in zip(
        QUADRANTS, ((0.98, 0.98, "right", "top"), (0.98, 0.02, "right", "bottom"), (0.02, 0.98, "left", "top"),
                    (0.02, 0.02, "left", "bottom")), strict=True,
    ):  # fmt: skip
        axes.text(hx, vy, text.capitalize(), transform=axes.transAxes, ha=ha, va=va, fontsize=9, color="dimgrey")
    axes.set_xlabel("Relevance degree (centrality rank)")
    axes.set_ylabel("Development degree (density rank)")
    axes.set_title(title)
    axes.margins(0.15)
    figure.savefig(_figure_path(path))
