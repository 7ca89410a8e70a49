"""Neo4j: clear failures without a server, and, when NEO4J_URI is set, load / reload / write-back / query parity
against a live database.

The live tests clear the database they are pointed at: point NEO4J_URI at a scratch Neo4j (the compose file's).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from neo4j import exceptions as neo4j_errors

from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.core.errors import StoreError
from graphkit.core.settings import Settings
from graphkit.query.library import run_query
from graphkit.query.paths import collaborator_paths
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import load_rows, neo4j_schema_statements, stored_rows
from graphkit.store.neo4j import Neo4jRunner
from tests.conftest import EXAMPLES

LIVE = os.environ.get("NEO4J_URI")
live = pytest.mark.skipif(not LIVE, reason="NEO4J_URI is not set: live Neo4j tests skipped (see README, Neo4j)")


def test_unreachable_server_and_bad_uri_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(main, ["load", "--neo4j", "--neo4j-uri", "bolt://127.0.0.1:1", "--db", str(tmp_path / "x")])
    assert refused.exit_code == 2 and refused.output.count("\n") == 1
    assert "Neo4j at bolt://127.0.0.1:1 refused the connection — start it with `docker compose up -d`" in refused.output
    bad = runner.invoke(main, ["query", "coauthors", "--neo4j"], env={"NEO4J_URI": "http://localhost:7474"})
    assert bad.exit_code == 2 and "is not a Bolt address — use bolt://HOST:7687" in bad.output
    with pytest.raises(StoreError, match="refused the connection"):
        Neo4jRunner.from_env(Settings(neo4j_uri="neo4j://127.0.0.1:1"))
    needs_flag = runner.invoke(main, ["load"])
    assert needs_flag.exit_code == 2 and "pass --neo4j" in needs_flag.output


@pytest.fixture(scope="module")
def neo4j_runner() -> Iterator[Neo4jRunner]:
    if not LIVE:
        pytest.skip("NEO4J_URI is not set: live Neo4j tests skipped")
    with Neo4jRunner.from_env() as runner:
        runner.execute("MATCH (n) DETACH DELETE n")
        yield runner


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("neo4j") / "seed.lbdb"
    build([EXAMPLES], db)
    analyze_store(db)
    return db


def _counts(runner: Any) -> dict[str, int]:
    nodes = runner.execute("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
    rels = runner.execute("MATCH ()-[r]->() RETURN type(r) AS label, count(*) AS n")
    return {row["label"]: row["n"] for row in [*nodes, *rels]}


@live
def test_load_reload_and_parity_with_the_embedded_store(neo4j_runner: Neo4jRunner, seed_store: Path) -> None:
    with EmbeddedStore(seed_store, read_only=True) as store:
        nodes, rels = stored_rows(store)
        summary = load_rows(neo4j_runner, nodes, rels, batch_size=50, schema_statements=neo4j_schema_statements())
        first = _counts(neo4j_runner)
        load_rows(neo4j_runner, nodes, rels, batch_size=50, schema_statements=neo4j_schema_statements())
        assert _counts(neo4j_runner) == first  # loading twice leaves the same graph
        assert first["Paper"] == 134 and first["Author"] == 113 and first["AUTHORED"] == 222
        assert summary.rows["COAUTHORED_WITH"] == first["COAUTHORED_WITH"] == 186
        samy = store.execute("MATCH (a:Author {name: 'Samy Jelassi'}) RETURN a.id AS id")[0]["id"]
        for name, params in [
            ("coauthors", {"author_id": samy, "limit": 100}),
            ("top_authors", {"limit": 20}),
            ("top_authors", {"metric": "coauthors", "category": "cs.LG", "limit": 20}),
            ("author_timeline", {"author_id": samy}),
            ("community_summary", {"limit": 50}),
            ("institution_collaboration", {"limit": 50}),
        ]:
            assert run_query(neo4j_runner, name, params, dialect="neo4j") == run_query(store, name, params), name
        embedded = [p.names for p in collaborator_paths(store, "Samy Jelassi", "Tengyang Xie", all_paths=True)]
        on_neo4j = collaborator_paths(neo4j_runner, "Samy Jelassi", "Tengyang Xie", all_paths=True, dialect="neo4j")
        assert [p.names for p in on_neo4j] == embedded


class _FailingDriver:
    """Stands in for a driver whose server answers with an error (no server runs here)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def execute_query(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            neo4j_errors.AuthError("The client is unauthorized"),
            "rejected the credentials — set NEO4J_USER and NEO4J_PASSWORD",
        ),
        (
            neo4j_errors.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Database.DatabaseNotFound", message="nope"),
            "has no database 'papers' — set NEO4J_DATABASE (Community Edition has only 'neo4j')",
        ),
        (neo4j_errors.ServiceUnavailable("gone"), "refused the connection — start it with `docker compose up -d`"),
        (
            neo4j_errors.Neo4jError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="bad"),
            "rejected a statement: bad",
        ),
    ],
)
def test_server_errors_become_one_line_with_the_fix(error: Exception, message: str) -> None:
    runner = Neo4jRunner(_FailingDriver(error), "papers", "bolt://db.example:7687")  # type: ignore[arg-type]
    with pytest.raises(StoreError) as raised:
        runner.execute("RETURN 1")
    assert str(raised.value).startswith("Neo4j at bolt://db.example:7687") and message in str(raised.value)
    assert "\n" not in str(raised.value)
