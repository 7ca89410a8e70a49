"""Fixtures of the analysis tests: the hep-th corpus built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.resolve.graph import KnowledgeGraph
from graphkit.store.build import build_graph
from graphkit.store.embedded import EmbeddedStore


@pytest.fixture(scope="session")
def hepth_graph(shared_data: Path) -> KnowledgeGraph:
    """The cit-HepTh abstracts (1992-2003) and the dated 2000-2002 citations, as one graph (~30 s to build).

    Tests may add metrics to it (``analyze``); none changes its nodes or edges.
    """
    folder = shared_data / "snap-cit-HepTh"
    edges = folder / "cit-HepTh-subset-2000-2002_df_formatted.csv"
    return build_graph([*sorted((folder / "abstracts").glob("*.tar.gz")), edges])


@pytest.fixture(scope="session")
def hepth_store(hepth_graph: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hep-th graph written into an embedded store once per session (tests may add metrics and snapshots)."""
    db = tmp_path_factory.mktemp("hepth") / "hepth.lbdb"
    with EmbeddedStore(db) as store:
        store.write(hepth_graph)
    return db
