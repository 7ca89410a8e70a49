"""One typed settings object; environment variables override the defaults.

| setting | environment variable | default |
| --- | --- | --- |
| ``db`` | ``GRAPHKIT_DB`` | ``graphkit.lbdb`` in the current folder |
| ``overrides`` | ``GRAPHKIT_OVERRIDES`` | ``graphkit.overrides.toml`` beside the database, if present |
| ``buffer_pool_mib`` | ``GRAPHKIT_BUFFER_POOL_MIB`` | a quarter of the machine's memory, 1–16 GiB |
| ``coauthor_max_authors`` | ``GRAPHKIT_COAUTHOR_MAX_AUTHORS`` | 100 |
| ``lock_wait`` | ``GRAPHKIT_LOCK_WAIT`` | 0 seconds (a second writer is refused at once) |
| ``author_model`` | ``GRAPHKIT_AUTHOR_MODEL`` | ``rules`` (``learned``, or a model file's path) |
| ``neo4j_uri`` | ``NEO4J_URI`` | ``bolt://localhost:7687`` |
| ``neo4j_user`` | ``NEO4J_USER`` | ``neo4j`` |
| ``neo4j_password`` | ``NEO4J_PASSWORD`` | none |
| ``neo4j_database`` | ``NEO4J_DATABASE`` | ``neo4j`` |
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, ValidationError

from graphkit.core.errors import GraphkitError
from graphkit.core.models import StrictModel

__all__ = ["DEFAULT_COAUTHOR_MAX_AUTHORS", "Settings"]


DEFAULT_COAUTHOR_MAX_AUTHORS = 100
"""Papers with more authors than this add no COAUTHORED_WITH pairs (their authorships stay)."""

_VARIABLES = {
    "GRAPHKIT_BUFFER_POOL_MIB": "buffer_pool_mib",
    "GRAPHKIT_COAUTHOR_MAX_AUTHORS": "coauthor_max_authors",
    "GRAPHKIT_LOCK_WAIT": "lock_wait",
    "GRAPHKIT_AUTHOR_MODEL": "author_model",
    "NEO4J_URI": "neo4j_uri",
    "NEO4J_USER": "neo4j_user",
    "NEO4J_PASSWORD": "neo4j_password",
    "NEO4J_DATABASE": "neo4j_database",
}


class Settings(StrictModel):
    """Paths and connection settings, read from the environment by :meth:`from_env`.

    Examples
    --------
    >>> Settings.from_env({"GRAPHKIT_DB": "/data/g.lbdb"}).db
    PosixPath('/data/g.lbdb')
    >>> Settings.from_env({"GRAPHKIT_BUFFER_POOL_MIB": "lots"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphkit.core.errors.GraphkitError: environment variable GRAPHKIT_BUFFER_POOL_MIB='lots': Input should be ...
    """

    db: Path = Field(default=Path("graphkit.lbdb"))
    overrides: Path | None = None
    buffer_pool_mib: int | None = Field(default=None, ge=256)
    coauthor_max_authors: int = Field(default=DEFAULT_COAUTHOR_MAX_AUTHORS, ge=2)
    #: How authors are resolved: "rules", "learned" (the shipped model) or the path of a model file.
    author_model: str = "rules"
    lock_wait: float = Field(default=0.0, ge=0)
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
        for variable, key in _VARIABLES.items():
            if env.get(variable):
                values[key] = env[variable]
        try:
            return cls.model_validate(values)
        except ValidationError as e:
            problem = e.errors()[0]
            key = str(problem["loc"][0])
            variable = next((v for v, k in _VARIABLES.items() if k == key), key)
            raise GraphkitError(
                f"environment variable {variable}={values.get(key)!r}: {problem['msg']} — correct or unset it"
            ) from e

    def overrides_for(self, db: Path) -> Path | None:
        """The overrides file to apply to a build of ``db``: the configured one, else one beside the database."""
        if self.overrides is not None:
            return self.overrides
        beside = db.with_name("graphkit.overrides.toml")
        return beside if beside.is_file() else None
