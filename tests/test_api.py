"""The Python API: the README's notebook session run as written, and what it promises beside."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import graphkit
from graphkit.api import MetricsMissingError
from graphkit.cli import main
from graphkit.query.lookup import AmbiguousNameError, NameChoiceWarning, UnknownNameError
from graphkit.query.paths import NoPathError
from graphkit.store.build import build

ROOT = Path(__file__).resolve().parents[1]


def readme_session() -> str:
    """The README's first ``pycon`` block under "Python API"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API") :]
    found = re.search(r"```pycon\n(.*?)```", section, flags=re.DOTALL)
    assert found is not None, "README: no pycon session under Python API"
    return found[1]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`graphkit build examples/ && graphkit analyze`, as the README says, in a folder of its own."""
    folder = tmp_path_factory.mktemp("session")
    db = folder / "graphkit.lbdb"
    build([ROOT / "examples"], db)
    result = CliRunner().invoke(main, ["analyze", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return folder


def test_the_readme_session_runs_as_written(analysed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(analysed)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(readme_session(), {}, "README Python API", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    with pytest.warns(NameChoiceWarning, match="'D. Foster' matches 2 people"):
        runner.run(test)
    assert runner.failures == 0 and runner.tries >= 12, f"{runner.failures} of {runner.tries} examples failed"


def test_what_the_session_promises_beside(analysed: Path, tmp_path: Path) -> None:
    with graphkit.open(analysed / "graphkit.lbdb") as g:
        assert repr(g).startswith("<graphkit.Graph ladybug ")
        with pytest.raises(AmbiguousNameError):
            g.author("D. Foster", strict=True)
        with pytest.raises(UnknownNameError, match="Closest: Samy Jelassi"):
            g.coauthors("Samy Jelasi")
        with pytest.raises(NoPathError):
            g.path("Samy Jelassi", "Dhruv Madeka")
        citation = g.to_networkx("citation")
        assert isinstance(citation, nx.DiGraph) and citation.number_of_nodes() == g.counts()["Paper"]
        authorship = g.to_networkx("authorship", metrics=False)
        assert authorship.number_of_edges() == g.counts()["AUTHORED"]
        assert "pagerank" not in next(iter(authorship.nodes.values()))
        suggestions = g.recommend("Kakade", k=2)
        assert suggestions and all(s.shared_coauthors for s in suggestions)
        # Every ranking the library knows agrees with the analysed store's own property.
        for row in g.top("h_index", k=5):
            assert g.query("MATCH (a:Author {id: $id}) RETURN a.h_index AS h", id=row["id"])[0]["h"] == row["value"]
    fresh = tmp_path / "fresh.lbdb"
    build([ROOT / "examples"], fresh)
    with graphkit.open(fresh) as g, pytest.raises(MetricsMissingError, match="run `graphkit analyze`"):
        g.top("pagerank")
