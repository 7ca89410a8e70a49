"""The Cypher query library: ``cypher/*.cypher`` files, their headers, and running them.

Each file starts with ``//`` header lines: ``name``, ``description``, ``param: NAME (TYPE[, default
VALUE]) — …`` lines, optional ``placeholder:`` lines, a ``dialect`` note and, for the steps of graphkit's
own that users do not ask directly (name look-up), ``internal:``. A query written once in
the Cypher both stores share lives in ``NAME.cypher``; where the dialects differ (shortest paths)
there are ``NAME.ladybug.cypher`` and ``NAME.neo4j.cypher``. Values always travel as parameters.
The only text ever formatted into a query is a placeholder, and each placeholder's allowed values
are fixed here: ``max_hops`` is an integer from 1 to 15 (variable-length bounds cannot be
parameters in either dialect) and ``metric`` is one of :data:`METRICS` (a property name).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from graphkit.core.errors import GraphkitError
from graphkit.store.base import Runner

__all__ = [
    "AUTHOR_PARAMS",
    "DIALECTS",
    "MAX_HOPS",
    "METRICS",
    "PLACEHOLDER_DEFAULTS",
    "Param",
    "Query",
    "QueryError",
    "Runner",
    "load_queries",
    "metric_written",
    "metric_written_statement",
    "placeholder_choices",
    "render",
    "run_query",
]

DIALECTS = ("ladybug", "neo4j")
AUTHOR_PARAMS = ("author_id", "a", "b")
"""Query parameters that name an author: the command line and the Python API accept names for them."""
METRICS = ("pagerank", "h_index", "g_index", "citations", "coauthors", "weighted_degree", "betweenness", "papers")
MAX_HOPS = 15
_PLACEHOLDERS: dict[str, tuple[object, ...]] = {"max_hops": tuple(range(1, MAX_HOPS + 1)), "metric": METRICS}
PLACEHOLDER_DEFAULTS: dict[str, object] = {"max_hops": 6, "metric": "pagerank"}
_PARAM = re.compile(r"^(\w+)\s*\((\w+)(?:,\s*default\s+(\"[^\"]*\"|[^\s)]+))?[^)]*\)")
_TYPES = {"string": str, "integer": int, "float": float}


class QueryError(GraphkitError):
    """An unknown query, a missing or malformed parameter, or a placeholder value outside its list."""


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    default: object = None
    required: bool = True


@dataclass
class Query:
    """One named query with its text per dialect."""

    name: str
    description: str
    params: list[Param]
    placeholders: list[str]
    texts: dict[str, str] = field(default_factory=dict)
    #: A step of graphkit's own (name look-up), not a question users ask; ``query --list`` leaves it out.
    internal: bool = False

    def text(self, dialect: str) -> str:
        """The query text for ``dialect`` (the shared text where there is no variant)."""
        return self.texts.get(dialect) or self.texts["shared"]


def _parse(text: str, filename: str) -> tuple[dict[str, str], list[Param], list[str], str]:
    header: dict[str, str] = {}
    params: list[Param] = []
    placeholders: list[str] = []
    body: list[str] = []
    key = ""
    for line in text.splitlines():
        if not line.startswith("//") or body:
            body.append(line)
            continue
        content = line[2:].strip()
        match = re.match(r"^(\w+):\s*(.*)$", content)
        if match and match[1] in {"name", "description", "param", "placeholder", "dialect", "internal"}:
            key, value = match[1], match[2]
            if key == "param":
                found = _PARAM.match(value)
                if found is None or found[2] not in _TYPES:
                    raise QueryError(f"cypher/{filename}: malformed param line {value!r}")
                default = found[3]
                if default is not None:
                    default = default.strip('"') if found[2] == "string" else _TYPES[found[2]](default)
                params.append(Param(found[1], found[2], default, found[3] is None))
            elif key == "placeholder":
                placeholders.append(value.split()[0])
            else:
                header[key] = value
        elif key == "description" and content:
            header["description"] += " " + content
    return header, params, placeholders, "\n".join(body).strip()


def load_queries() -> dict[str, Query]:
    """Every query of the library, by name.

    Examples
    --------
    >>> queries = load_queries()
    >>> queries["coauthors"].params[0].name, sorted(queries["collaborator_path"].texts)
    ('author_id', ['ladybug', 'neo4j'])
    """
    return dict(_library())


@functools.cache
def _library() -> dict[str, Query]:
    # Read once per process: run_query is called per hop of a path, and parsing every file each time showed.
    queries: dict[str, Query] = {}
    for entry in sorted(resources.files("graphkit.cypher").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".cypher"):
            continue
        parts = entry.name.removesuffix(".cypher").split(".")
        dialect = parts[1] if len(parts) > 1 else "shared"
        header, params, placeholders, body = _parse(entry.read_text("utf-8"), entry.name)
        name = header.get("name", parts[0])
        query = queries.setdefault(
            name, Query(name, header.get("description", ""), params, placeholders, internal="internal" in header)
        )
        query.texts[dialect] = body
    return queries


def placeholder_choices(name: str) -> str:
    """The values a placeholder takes, for help texts: ``pagerank|h_index|…`` or ``1..15``.

    Examples
    --------
    >>> placeholder_choices("max_hops"), placeholder_choices("metric").split("|")[:2]
    ('1..15', ['pagerank', 'h_index'])
    """
    if name == "max_hops":
        return f"1..{MAX_HOPS}"
    return "|".join(map(str, _PLACEHOLDERS[name]))


def render(query: Query, dialect: str, placeholders: dict[str, object] | None = None) -> str:
    """The query text with its placeholders filled from their fixed lists of allowed values."""
    values = {**PLACEHOLDER_DEFAULTS, **(placeholders or {})}
    text = query.text(dialect)
    for name in query.placeholders:
        value = values[name]
        if value not in _PLACEHOLDERS[name]:
            allowed = ", ".join(map(str, _PLACEHOLDERS[name]))
            raise QueryError(f"{name} must be one of {allowed}; got {value!r}")
        text = text.replace("{" + name + "}", str(value))
    return text


def run_query(
    runner: Runner,
    name: str,
    params: dict[str, Any] | None = None,
    *,
    dialect: str = "ladybug",
    names: bool = True,
) -> list[dict[str, Any]]:
    """Run a library query: fill defaults, check and coerce parameters, render placeholders, execute.

    Placeholder values (``max_hops``, ``metric``) are passed in ``params`` like the others. Author parameters
    (:data:`AUTHOR_PARAMS`) take an id or a name: a value that is no stored author's id is looked up as a name
    (:func:`graphkit.query.paths.find_stored_author`: a ``NameChoiceWarning`` where several people match, an
    ``UnknownNameError`` suggesting names where no one does) — never an empty answer for a name. ``names=False``
    skips the check for callers that pass ids they just read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.build import build
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> db = pathlib.Path(tempfile.mkdtemp()) / "g.lbdb"
    >>> _ = build(["examples/"], db)
    >>> with EmbeddedStore(db, read_only=True) as store:
    ...     run_query(store, "coauthors", {"author_id": "Sham Kakade", "limit": 1})[0]["name"]
    'Samy Jelassi'
    """
    queries = load_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; `graphkit query --list` shows them: {', '.join(sorted(queries))}")
    query = queries[name]
    given = dict(params or {})
    placeholders = {k: given.pop(k) for k in list(given) if k in query.placeholders}
    if "max_hops" in placeholders:
        placeholders["max_hops"] = int(str(placeholders["max_hops"]))
    values: dict[str, Any] = {}
    for param in query.params:
        if param.name in given:
            raw = given.pop(param.name)
            try:
                values[param.name] = _TYPES[param.type](raw)
            except (TypeError, ValueError) as e:
                raise QueryError(f"{name}: parameter {param.name} must be {param.type}, got {raw!r}") from e
        elif param.required:
            raise QueryError(f"{name}: parameter {param.name} ({param.type}) is required")
        else:
            values[param.name] = param.default
    if given:
        raise QueryError(f"{name}: unknown parameter(s) {', '.join(sorted(given))}; it takes "
                         f"{', '.join(p.name for p in query.params) or 'none'}")  # fmt: skip
    if names and not query.internal:
        from graphkit.query.paths import find_stored_author  # paths runs this module's queries

        for key in AUTHOR_PARAMS:
            if isinstance(values.get(key), str):
                values[key] = find_stored_author(runner, values[key], dialect=dialect).id
    return runner.execute(render(query, dialect, placeholders), values)


def metric_written(runner: Runner, metric: str) -> bool:
    """Whether any author has ``metric`` (one of :data:`METRICS`): ``graphkit analyze`` writes them.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphkit.store.embedded import EmbeddedStore
    >>> with EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbdb") as store:
    ...     metric_written(store, "pagerank")
    False
    """
    rows = runner.execute(metric_written_statement(metric))
    return bool(rows and rows[0]["n"])


def metric_written_statement(metric: str) -> str:
    """The statement :func:`metric_written` runs (``metric`` checked against :data:`METRICS`).

    Examples
    --------
    >>> metric_written_statement("h_index")
    'MATCH (a:Author) WHERE a.h_index IS NOT NULL RETURN count(a) AS n'
    """
    if metric not in METRICS:
        raise QueryError(f"metric must be one of {', '.join(METRICS)}; got {metric!r}")
    # A property name from the fixed list above (properties cannot be parameters); nothing else is formatted in.
    return f"MATCH (a:Author) WHERE a.{metric} IS NOT NULL RETURN count(a) AS n"
