"""Neo4j GDS: every call checked against the client's GDS signatures and Neo4j's linter with no server, the plan's
arithmetic on recorded sessions, clear refusals; and, when NEO4J_URI names a server with GDS, the in-database
metrics against the offline ones on the seed pages' graph.

The live tests clear the database they are pointed at: point NEO4J_URI at a scratch Neo4j (the compose file's).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from scipy import stats

from graphkit.analysis import gds
from graphkit.analysis.gds import (
    PROCEDURES,
    GdsAnalysis,
    GdsUnavailableError,
    analyze_in_neo4j,
    betweenness_samples,
    recommend_in_neo4j,
    recommend_statements,
)
from graphkit.analysis.recommend import recommend
from graphkit.analysis.stored import stored_graph
from graphkit.analysis.writeback import analyze_store
from graphkit.cli import main
from graphkit.core.settings import Settings
from graphkit.store.build import build
from graphkit.store.embedded import EmbeddedStore
from graphkit.store.loader import copy_graph, neo4j_schema_statements
from graphkit.store.neo4j import Neo4jStore
from graphkit.store.schema import AUTHOR_METRICS
from tests.conftest import EXAMPLES
from tools.cypher_statements import statements
from tools.gds_signatures import RecordingSession, check_call, linter_schema, signatures

REPO = Path(__file__).resolve().parents[2]


def _recorded(**options: Any) -> RecordingSession:
    session = RecordingSession()
    analyze_in_neo4j(session, **options)
    return session


def _every_call() -> list[tuple[str, dict[str, Any]]]:
    """Every statement graphkit's GDS path can send: both community methods, exact and sampled betweenness,
    both recommendation functions under both names."""
    sent: list[tuple[str, dict[str, Any]]] = []
    for options in ({"community_method": "louvain"}, {"community_method": "leiden", "resolution": 1.5}):
        sent.extend(_recorded(**options).statements())
    sampled = RecordingSession(authors=3_000_000)
    analyze_in_neo4j(sampled, metrics=["betweenness"])
    sent.extend(sampled.statements())
    for method in ("resource_allocation", "adamic_adar"):
        session = RecordingSession()
        recommend_in_neo4j(session, "a", method=method)
        sent.extend(session.statements())
    sent.extend((statement, {}) for statement in recommend_statements().values())
    return sent


def test_every_gds_call_matches_the_client_signatures() -> None:
    sent = _every_call()
    called = {name for statement, _ in sent for name in PROCEDURES if f"CALL {name}(" in statement}
    assert called == set(PROCEDURES)  # every procedure graphkit declares is exercised
    for statement, parameters in sent:
        assert check_call(statement, parameters) == [], statement
    # The signatures come from the installed client, whose oldest supported server is GDS 2.13.
    from graphdatascience.version import __min_server_version__

    assert __min_server_version__ == "2.13.0"
    assert signatures()["gds.leiden.write"].config >= {"gamma", "randomSeed", "writeProperty"}


def test_the_signature_check_fails_on_wrong_calls() -> None:
    call = gds.call_statement("gds.betweenness.write")
    assert check_call(call, {"configuration": {"writeProperty": "b", "samplingRate": 3}}) == [
        "gds.betweenness.write: configuration key samplingRate is not in the signature"
    ]
    assert check_call(call.replace("nodePropertiesWritten RETURN", "nodePropertiesWritten, score RETURN"), {}) == [
        "gds.betweenness.write: yields no column score"
    ]
    assert "arguments" in check_call("CALL gds.pageRank.write($configuration) YIELD didConverge RETURN 1", {})[0]
    assert check_call("CALL gds.pageRanks.write($graphName, $configuration) YIELD x RETURN x", {}) == [
        "gds.pageRanks.write: no such procedure in the client"
    ]
    wrong = "RETURN gds.linkprediction.adamicAdar(a, b, {relationshipQuery: 'X', orientation: 'BOTH'})"
    assert check_call(wrong, {}) == [
        "gds.linkprediction.adamicAdar: configuration key orientation is not in the signature"
    ]


def _lint(items: list[dict[str, Any]]) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None or not (REPO / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("Neo4j's Cypher linter is not installed: run `npm ci` (CI does)")
    linter = REPO / "tools" / "lint_cypher.mjs"
    return subprocess.run(["node", str(linter)], input=json.dumps(items), capture_output=True, text=True, cwd=REPO)


def test_the_linter_checks_gds_calls_against_the_procedures_listed() -> None:
    # Every GDS statement graphkit sends passes it in tests/test_cypher_lint.py (tools/cypher_statements.py lists
    # them with this schema); here, that the schema makes the linter catch what the signatures forbid.
    schema = linter_schema(list(PROCEDURES))
    sent = {statement for statement, _ in _every_call()}
    listed = {item["statement"] for item in statements() if item.get("schema")}
    assert sent <= listed
    broken = [
        {"source": source, "statement": statement, "schema": schema}
        for source, statement in (
            ("arity", "CALL gds.kcore.write($g) YIELD degeneracy RETURN degeneracy"),
            ("yield", "CALL gds.kcore.write($g, $c) YIELD score RETURN score"),
            ("name", "CALL gds.kcores.write($g, $c) YIELD degeneracy RETURN 1"),
        )
    ]
    result = _lint(broken)
    assert result.returncode == 1
    assert all(f"{source}:" in result.stdout for source in ("arity", "yield", "name")), result.stdout


def test_communities_are_renumbered_by_size_and_graphs_are_dropped() -> None:
    session = RecordingSession(communities=((17, 5), (4, 40), (9, 40), (2, 1)))
    done = analyze_in_neo4j(session, metrics=["leiden"], seed=7, resolution=0.5)
    assert [step.step for step in done.steps] == ["community"]
    assert done.communities == 4 and done.community_method == "leiden" and done.modularity == 0.5
    renumber = next(p for s, p in session.statements() if "$rank[raw]" in s)
    assert renumber["rank"] == {"4": 0, "9": 1, "17": 2, "2": 3}  # by size, ties by GDS's number
    assert renumber["size"] == {"4": 40, "9": 40, "17": 5, "2": 1}
    leiden = next(p for s, p in session.statements() if "gds.leiden.write" in s)
    assert leiden["configuration"] == {"writeProperty": "community", "relationshipWeightProperty": "papers",
                                       "gamma": 0.5, "randomSeed": 7}  # fmt: skip
    projected = [p["graphName"] for s, p in session.statements() if "gds.graph.project" in s]
    dropped = [p["graphName"] for s, p in session.statements() if "gds.graph.drop" in s]
    assert projected == dropped and projected[0].startswith("graphkit-coauthors-")


def test_graphs_are_dropped_when_a_step_fails() -> None:
    class Failing(RecordingSession):
        def run(self, statement: str, parameters: Any = None, *, batched: bool = False) -> list[dict[str, Any]]:
            if "gds.kcore.write" in statement:
                raise RuntimeError("server gone")
            return super().run(statement, parameters, batched=batched)

    session = Failing()
    with pytest.raises(RuntimeError, match="server gone"):
        analyze_in_neo4j(session, metrics=["pagerank", "kcore", "coupling"])
    assert sum("gds.graph.drop" in s for s, _ in session.statements()) == 2


def test_scores_are_scaled_as_offline() -> None:
    session = _recorded(metrics=["pagerank", "betweenness", "citation_pagerank"])
    factors = {s.split("SET n.")[1].split(" ")[0]: p["factor"] for s, p in session.statements() if "$factor" in s}
    n = 113  # the recording session's authors; its sums are 4.0
    assert factors == {"pagerank": 0.25, "betweenness": pytest.approx(2 / ((n - 1) * (n - 2))),
                       "citation_pagerank": 0.25}  # fmt: skip
    big = RecordingSession(authors=3_000_000)
    done = analyze_in_neo4j(big, metrics=["betweenness"], betweenness_error=0.01, betweenness_confidence=0.9)
    samples = betweenness_samples(3_000_000, 0.01, 0.9)
    assert done.betweenness_samples == samples and samples is not None and samples < 3_000_000
    config = next(p["configuration"] for s, p in big.statements() if "gds.betweenness.write" in s)
    assert config == {"writeProperty": "betweenness", "samplingSize": samples, "samplingSeed": 0}
    scale = next(p["factor"] for s, p in big.statements() if "$factor" in s)
    n = 3_000_000
    assert scale == pytest.approx(n / samples / ((n - 1) * (n - 2) / 2))


def test_refusals() -> None:
    with pytest.raises(ValueError, match="no GDS algorithm"):
        analyze_in_neo4j(RecordingSession(), metrics=["citation_bursts"])
    with pytest.raises(ValueError, match="Louvain has no resolution"):
        analyze_in_neo4j(RecordingSession(), metrics=["louvain"], resolution=2.0)
    done = analyze_in_neo4j(RecordingSession(), metrics=None)
    assert done.not_in_gds == ["citation_bursts", "activity_bursts", "category_bursts"]
    assert [s.step for s in done.steps] == list(gds.GDS_STEPS)
    runner = CliRunner()
    no_neo4j = runner.invoke(main, ["analyze", "--gds"])
    assert no_neo4j.exit_code == 2 and "pass --neo4j too" in no_neo4j.output
    snapshots = runner.invoke(main, ["analyze", "--gds", "--neo4j", "--years", "2000-2001"])
    assert snapshots.exit_code == 2 and "snapshots offline only" in snapshots.output
    refused = runner.invoke(main, ["analyze", "--gds", "--neo4j", "--neo4j-uri", "bolt://127.0.0.1:1"])
    assert refused.exit_code == 2 and "refused the connection" in refused.output
    assert refused.output.count("\n") == 1


def test_a_server_without_gds_is_named_with_the_offline_path(monkeypatch: pytest.MonkeyPatch) -> None:
    class Store:
        uri, database, driver = "bolt://db.example:7687", "neo4j", object()

        def close(self) -> None:
            pass

    class GdsNotFound(Exception):  # noqa: N818 - the client's name, which graphkit recognises
        pass

    def client(*args: Any, **kwargs: Any) -> Any:
        raise GdsNotFound("The Graph Data Science library is not correctly installed")

    fake = types.SimpleNamespace(GraphDataScience=client)
    monkeypatch.setitem(sys.modules, "graphdatascience", fake)
    monkeypatch.setattr(Neo4jStore, "from_env", classmethod(lambda cls, settings=None: Store()))
    with pytest.raises(GdsUnavailableError) as raised:
        gds.connect(Settings())
    message = str(raised.value)
    assert message.startswith("Neo4j at bolt://db.example:7687 has no Graph Data Science library")
    assert "graph-data-science" in message and "`graphkit analyze` then `graphkit load --neo4j`" in message

    old = types.SimpleNamespace(server_version=lambda: "2.12.1", close=lambda: None)
    monkeypatch.setitem(sys.modules, "graphdatascience", types.SimpleNamespace(GraphDataScience=lambda *a, **k: old))
    with pytest.raises(GdsUnavailableError, match=r"has GDS 2\.12\.1; graphkit calls GDS 2\.13 or newer"):
        gds.connect(Settings())


def test_betweenness_samples_follow_the_bound() -> None:
    assert betweenness_samples(2, 0.01, 0.9) is None and betweenness_samples(50_000, 0.01, 0.9) is None
    assert betweenness_samples(10**7, 0.05, 0.9) == 3_823  # ln(2e8) / (2 · 0.05²), rounded up
    assert betweenness_samples(10**7, 0.01, 0.99) > betweenness_samples(10**7, 0.01, 0.9)  # type: ignore[operator]


# --- live: NEO4J_URI names a server with GDS -------------------------------------------------------------------

LIVE = os.environ.get("NEO4J_URI")


@pytest.fixture(scope="module")
def in_both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any, GdsAnalysis]]:
    """The seed pages' graph analysed offline (embedded) and, after loading it into Neo4j, there by GDS."""
    if not LIVE:
        pytest.skip("NEO4J_URI is not set: live Neo4j GDS tests skipped (see README, Neo4j GDS)")
    db = tmp_path_factory.mktemp("gds") / "seed.lbdb"
    build([EXAMPLES], db)
    analyze_store(db, engine="networkx")
    try:
        session = gds.connect()
    except GdsUnavailableError as e:
        pytest.skip(f"live GDS tests skipped: {e}")
    with session, Neo4jStore.from_env() as neo4j:
        neo4j.execute("MATCH (n) DETACH DELETE n")
        with EmbeddedStore(db, read_only=True) as store:
            copy_graph(store, neo4j, schema_statements=neo4j_schema_statements())
        done = analyze_in_neo4j(session, community_method="leiden")
        yield db, neo4j, done


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def test_live_author_metrics_equal_the_offline_ones(in_both: tuple[Path, Any, GdsAnalysis]) -> None:
    db, neo4j, done = in_both
    columns = ", ".join(f"a.{c} AS {c}" for c in AUTHOR_METRICS)
    with EmbeddedStore(db, read_only=True) as store:
        offline = _by_id(store.execute(f"MATCH (a:Author) RETURN a.id AS id, {columns}"))
    online = _by_id(neo4j.execute(f"MATCH (a:Author) RETURN a.id AS id, {columns}"))
    assert online.keys() == offline.keys() and done.authors == len(offline)
    exact = ("papers", "coauthors", "weighted_degree", "core_number", "citations", "h_index", "g_index", "i10_index")
    for author, row in offline.items():
        for column in exact:
            assert online[author][column] == row[column], (author, column)
        assert online[author]["clustering"] == pytest.approx(row["clustering"], abs=1e-9)
        assert online[author]["betweenness"] == pytest.approx(row["betweenness"], abs=1e-9)  # exact at this size
    connected = [a for a, row in offline.items() if row["coauthors"]]
    rho = stats.spearmanr([offline[a]["pagerank"] for a in connected], [online[a]["pagerank"] for a in connected])
    assert rho.statistic > 0.99
    assert sum(row["pagerank"] for row in online.values()) == pytest.approx(1.0)
    sizes: dict[int, int] = {}
    for row in online.values():
        sizes[row["community"]] = sizes.get(row["community"], 0) + 1
    assert all(row["community_size"] == sizes[row["community"]] for row in online.values())
    assert [sizes[c] for c in sorted(sizes)] == sorted(sizes.values(), reverse=True)  # numbered by size


def test_live_paper_metrics_and_similarity_weights(in_both: tuple[Path, Any, GdsAnalysis]) -> None:
    db, neo4j, _ = in_both
    with EmbeddedStore(db, read_only=True) as store:
        offline = _by_id(store.execute("MATCH (p:Paper) RETURN p.id AS id, p.graph_citations AS c"))
    online = _by_id(neo4j.execute("MATCH (p:Paper) RETURN p.id AS id, p.graph_citations AS c"))
    assert {k: r["c"] for k, r in online.items()} == {k: r["c"] for k, r in offline.items()}
    for relationship, shared in (
        ("COCITED_WITH", "MATCH (c:Paper)-[:CITES]->(a) WHERE (c)-[:CITES]->(b)"),
        ("COUPLED_WITH", "MATCH (a)-[:CITES]->(:Paper)<-[:CITES]-(b)"),
    ):
        rows = neo4j.execute(
            f"MATCH (a:Paper)-[r:{relationship}]->(b:Paper) RETURN r.weight AS weight, "
            f"COUNT {{ {shared} }} AS shared, r.jaccard AS jaccard"
        )
        assert all(row["weight"] == row["shared"] > 0 and row["jaccard"] is None for row in rows), relationship


def test_live_recommendations_equal_the_offline_ones(in_both: tuple[Path, Any, GdsAnalysis]) -> None:
    db, _, _ = in_both
    with EmbeddedStore(db, read_only=True) as store:
        author = store.execute("MATCH (a:Author {name: 'Samy Jelassi'}) RETURN a.id AS id")[0]["id"]
        graph = stored_graph(store).coauthor_graph()
    with gds.connect() as session:
        for method in ("resource_allocation", "adamic_adar"):
            online = recommend_in_neo4j(session, author, k=10, method=method)
            offline = recommend(graph, author, k=10, method=method)
            assert [(r.author_id, r.shared_coauthors) for r in online] == [
                (r.author_id, r.shared_coauthors) for r in offline
            ]
            assert [r.score for r in online] == pytest.approx([r.score for r in offline])
