"""The Cypher query library: ``cypher/*.cypher`` files, their headers, and running them.

Each file starts with ``//`` header lines: ``name``, ``description``, ``param: NAME (TYPE[, default
VALUE]) — …`` lines, optional ``placeholder:`` lines and a ``dialect`` note. A query written once in
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
    "DIALECTS",
    "MAX_HOPS",
    "METRICS",
    "Param",
    "Query",
    "QueryError",
    "Runner",
    "load_queries",
    "render",
    "run_query",
]

DIALECTS = ("ladybug", "neo4j")
METRICS = ("pagerank", "h_index", "g_index", "citations", "coauthors", "weighted_degree", "betweenness", "papers")
MAX_HOPS = 15
_PLACEHOLDERS: dict[str, tuple[object, ...]] = {"max_hops": tuple(range(1, MAX_HOPS + 1)), "metric": METRICS}
_PLACEHOLDER_DEFAULTS: dict[str, object] = {"max_hops": 6, "metric": "pagerank"}
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
        if match and match[1] in {"name", "description", "param", "placeholder", "dialect"}:
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
        query = queries.setdefault(name, Query(name, header.get("description", ""), params, placeholders))
        query.texts[dialect] = body
    return queries


def render(query: Query, dialect: str, placeholders: dict[str, object] | None = None) -> str:
    """The query text with its placeholders filled from their fixed lists of allowed values."""
    values = {**_PLACEHOLDER_DEFAULTS, **(placeholders or {})}
    text = query.text(dialect)
    for name in query.placeholders:
        value = values[name]
        if value not in _PLACEHOLDERS[name]:
            allowed = ", ".join(map(str, _PLACEHOLDERS[name]))
            raise QueryError(f"{name} must be one of {allowed}; got {value!r}")
        text = text.replace("{" + name + "}", str(value))
    return text


def run_query(
    runner: Runner, name: str, params: dict[str, Any] | None = None, *, dialect: str = "ladybug"
) -> list[dict[str, Any]]:
    """Run a library query: fill defaults, check and coerce parameters, render placeholders, execute.

    Placeholder values (``max_hops``, ``metric``) are passed in ``params`` like the others.
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
    return runner.execute(render(query, dialect, placeholders), values)
