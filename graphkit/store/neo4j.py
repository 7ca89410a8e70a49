"""Running graphkit's Cypher on Neo4j (``--neo4j``): one driver, created once and passed in.

Connection problems become one clear :class:`~graphkit.core.errors.StoreError` line naming the URI and
the fix: an unreachable server, wrong credentials, or a missing database.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import neo4j
from neo4j import exceptions as neo4j_errors

from graphkit.core.errors import StoreError
from graphkit.core.settings import Settings

__all__ = ["Neo4jRunner"]

_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


class Neo4jRunner:
    """Runs Cypher on a Neo4j database through a driver the caller owns (or :meth:`from_env` creates)."""

    def __init__(self, driver: neo4j.Driver, database: str, uri: str = "") -> None:
        self.driver = driver
        self.database = database
        self.uri = uri

    @classmethod
    def from_env(cls, settings: Settings | None = None) -> Neo4jRunner:
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

    def __enter__(self) -> Neo4jRunner:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
