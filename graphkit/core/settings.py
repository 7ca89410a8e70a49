"""One typed settings object; environment variables override the defaults.

| setting | environment variable | default |
| --- | --- | --- |
| ``db`` | ``GRAPHKIT_DB`` | ``graphkit.lbdb`` in the current folder |
| ``overrides`` | ``GRAPHKIT_OVERRIDES`` | ``graphkit.overrides.toml`` beside the database, if present |
| ``neo4j_uri`` | ``NEO4J_URI`` | ``bolt://localhost:7687`` |
| ``neo4j_user`` | ``NEO4J_USER`` | ``neo4j`` |
| ``neo4j_password`` | ``NEO4J_PASSWORD`` | none |
| ``neo4j_database`` | ``NEO4J_DATABASE`` | ``neo4j`` |
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field

from graphkit.core.models import StrictModel

__all__ = ["Settings"]


class Settings(StrictModel):
    """Paths and connection settings, read from the environment by :meth:`from_env`.

    Examples
    --------
    >>> Settings.from_env({"GRAPHKIT_DB": "/data/g.lbdb"}).db
    PosixPath('/data/g.lbdb')
    """

    db: Path = Field(default=Path("graphkit.lbdb"))
    overrides: Path | None = None
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str = "neo4j"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings with every variable that is set in ``environ`` (default: ``os.environ``) applied."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        if env.get("GRAPHKIT_DB"):
            values["db"] = Path(env["GRAPHKIT_DB"])
        if env.get("GRAPHKIT_OVERRIDES"):
            values["overrides"] = Path(env["GRAPHKIT_OVERRIDES"])
        for variable, key in (("NEO4J_URI", "neo4j_uri"), ("NEO4J_USER", "neo4j_user"),
                              ("NEO4J_PASSWORD", "neo4j_password"), ("NEO4J_DATABASE", "neo4j_database")):  # fmt: skip
            if env.get(variable):
                values[key] = env[variable]
        return cls.model_validate(values)

    def overrides_for(self, db: Path) -> Path | None:
        """The overrides file to apply to a build of ``db``: the configured one, else one beside the database."""
        if self.overrides is not None:
            return self.overrides
        beside = db.with_name("graphkit.overrides.toml")
        return beside if beside.is_file() else None
