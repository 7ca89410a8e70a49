"""The Neo4j store (``--neo4j``): graphkit's Cypher over one driver, created once and passed in.

:class:`Neo4jStore` is the :class:`~graphkit.store.base.GraphStore` interface on a Neo4j server: writes
are idempotent ``UNWIND … MERGE`` batches (:mod:`graphkit.store.loader`) after the constraints and
indexes, analysis results go in one explicit transaction, and its capabilities say whether the Graph
Data Science library is installed.

Connection problems become one clear :class:`~graphkit.core.errors.StoreError` line naming the URI and
the fix: an unreachable server, wrong credentials, or a missing database.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from graphkit.core.errors import StoreError
from graphkit.core.settings import Settings
from graphkit.resolve.graph import KnowledgeGraph
from graphkit.resolve.tables import GraphTables
from graphkit.store.base import Capability, Progress
from graphkit.store.loader import graph_counts, load_graph, load_tables, neo4j_schema_statements
from graphkit.store.metrics import MetricTables, run_metric_statements
from graphkit.store.snapshots import SnapshotTables, run_snapshot_statements

__all__ = ["Neo4jRunner", "Neo4jStore"]

_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


class Neo4jStore:
    """A Neo4j database through a driver the caller owns (or :meth:`from_env` creates)."""

    def __init__(self, driver: neo4j.Driver, database: str, uri: str = "") -> None:
        self.driver = driver
        self.database = database
        self.uri = uri
        self._capabilities: frozenset[Capability] | None = None

    @property
    def capabilities(self) -> frozenset[Capability]:
        """Full-text indexes and concurrent clients always; Graph Data Science where the server has it."""
        if self._capabilities is None:
            found = {Capability.FULLTEXT_INDEX, Capability.CONCURRENT_CLIENTS}
            try:
                self.execute("RETURN gds.version() AS version")
                found.add(Capability.GRAPH_DATA_SCIENCE)
            except StoreError:
                pass
            self._capabilities = frozenset(found)
        return self._capabilities

    def counts(self) -> dict[str, int]:
        """Node and relationship counts by label and type."""
        return graph_counts(self)

    def write(
        self, graph: KnowledgeGraph | GraphTables, *, batch_size: int = 10_000, progress: Progress | None = None
    ) -> dict[str, int]:
        """Merge a graph or a delta in, after the constraints and indexes; writing it twice changes nothing."""
        statements = neo4j_schema_statements()
        if isinstance(graph, KnowledgeGraph):
            summary = load_graph(self, graph, batch_size=batch_size, schema_statements=statements, progress=progress)
        else:
            summary = load_tables(self, graph, batch_size=batch_size, schema_statements=statements, progress=progress)
        return summary.rows

    def write_metrics(self, tables: MetricTables, *, progress: Progress | None = None) -> dict[str, int]:
        """Replace the analysis-owned columns and edges ``tables`` names in one explicit transaction."""
        return self._in_transaction(lambda run: run_metric_statements(run, tables, progress))

    def write_snapshot(self, snapshot: SnapshotTables, *, progress: Progress | None = None) -> dict[str, int]:
        """Replace the snapshot of ``snapshot.as_of`` in one explicit transaction (other days stay)."""
        return self._in_transaction(lambda run: run_snapshot_statements(run, snapshot, progress))

    def _in_transaction(
        self, work: Callable[[Callable[[str, dict[str, Any]], object]], dict[str, int]]
    ) -> dict[str, int]:
        """``work(run)`` with ``run(statement, parameters)`` inside one explicit transaction, committed at the end."""
        try:
            with self.driver.session(database=self.database) as session, session.begin_transaction() as tx:
                written = work(lambda q, p: tx.run(q, p).consume())
                tx.commit()
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
            raise self._explain(e) from e
        return written

    @classmethod
    def from_env(cls, settings: Settings | None = None) -> Neo4jStore:
        """A runner for NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE."""
        settings = settings or Settings.from_env()
        uri = settings.neo4j_uri
        if not uri.startswith(_SCHEMES):
            raise StoreError(f"NEO4J_URI {uri!r} is not a Bolt address — use bolt://HOST:7687 or neo4j://HOST:7687")
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        try:
            driver = neo4j.GraphDatabase.driver(uri, auth=auth)
        except (ValueError, neo4j_errors.ConfigurationError) as e:
            raise StoreError(f"NEO4J_URI {uri!r} is not usable: {e}") from e
        runner = cls(driver, settings.neo4j_database, uri)
        # One attempt up front: without it the first statement is retried for 30 s before failing.
        try:
            driver.verify_connectivity()
        except Exception as e:
            driver.close()
            raise runner._explain(e) from e
        return runner

    def execute(self, query: str, parameters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement in a managed transaction (retried on transient errors by the driver)."""
        try:
            records, _, _ = self.driver.execute_query(query, parameters or {}, database_=self.database)
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as e:
            raise self._explain(e) from e
        return [record.data() for record in records]

    def _explain(self, error: Exception) -> StoreError:
        """One line naming the URI and the fix for a driver or server error."""
        if isinstance(error, neo4j_errors.AuthError):
            return StoreError(f"Neo4j at {self.uri} rejected the credentials — set NEO4J_USER and NEO4J_PASSWORD "
                              "(see .env.example)")  # fmt: skip
        if isinstance(error, neo4j_errors.ServiceUnavailable | OSError):
            return StoreError(f"Neo4j at {self.uri} refused the connection — start it with `docker compose up -d` "
                              "and wait for its health check (`docker compose ps` shows healthy)")  # fmt: skip
        if isinstance(error, neo4j_errors.Neo4jError) and "DatabaseNotFound" in (error.code or ""):
            return StoreError(f"Neo4j at {self.uri} has no database {self.database!r} — set NEO4J_DATABASE "
                              "(Community Edition has only 'neo4j')")  # fmt: skip
        if isinstance(error, neo4j_errors.Neo4jError):
            return StoreError(f"Neo4j at {self.uri} rejected a statement: {error.message}")
        return StoreError(f"Neo4j at {self.uri}: {error}")

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


Neo4jRunner = Neo4jStore
"""The earlier name of :class:`Neo4jStore`."""
