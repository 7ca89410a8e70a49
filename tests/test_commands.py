"""Command papercuts: what a new user sees before and around the answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import main
from graphkit.cli.app import ProgressBar
from graphkit.query.library import METRICS, load_queries
from graphkit.store.build import build
from tests.conftest import EXAMPLES


def test_the_progress_bar_appears_with_the_first_rows_not_before(capsys: pytest.CaptureFixture[str]) -> None:
    with ProgressBar(enabled=True):
        pass  # a command that computes and writes nothing: no bar standing at "0 rows"
    assert capsys.readouterr().err == ""
    with ProgressBar(enabled=True) as bar:
        bar.update("write Author", 113)
    assert "write Author" in capsys.readouterr().err
    with ProgressBar(enabled=False) as bar:
        bar.update("write Author", 113)
    assert capsys.readouterr().err == ""


def test_query_list_shows_questions_and_metric_choices_not_internal_steps() -> None:
    listed = CliRunner().invoke(main, ["query", "--list"]).output
    internal = [query.name for query in load_queries().values() if query.internal]
    assert set(internal) == {"author_by_id", "author_directory", "authors_named"}
    assert not any(line.startswith(f"{name}(") for name in internal for line in listed.splitlines())
    assert f"metric={'|'.join(METRICS)} (default pagerank)" in listed
    assert "max_hops=1..15 (default 6)" in listed


def test_a_ranking_before_analyze_says_what_to_run(tmp_path: Path) -> None:
    db = tmp_path / "g.lbdb"
    build([EXAMPLES], db)
    result = CliRunner().invoke(main, ["query", "top_authors", "-p", "metric=h_index", "--db", str(db)])
    assert result.exit_code == 0 and result.stdout.strip() == "(no rows)"
    assert "no author has h_index yet: run `graphkit analyze` first" in result.stderr
    assert CliRunner().invoke(main, ["analyze", "--db", str(db), "--metrics", "h_index"]).exit_code == 0
    ranked = CliRunner().invoke(main, ["query", "top_authors", "-p", "metric=h_index", "--db", str(db)])
    assert ranked.stdout.startswith("id") and not ranked.stderr
