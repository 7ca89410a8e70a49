"""The GDS procedure and function signatures graphkit's calls are checked against, read from the client package.

The ``graphdatascience`` client (2.x; its oldest supported server is GDS 2.13, the release that runs on the Neo4j
5.26 docker-compose.yml pins) declares every GDS endpoint it can call: which procedure, its positional arguments
(the ``CallParameters`` it builds), the configuration keys it may send (the ``ConfigConverter`` call) and the
result model it reads back (the columns the procedure yields). This module reads those declarations from the
installed client's source, so that ``tests/analysis/test_gds.py`` can check graphkit's calls without a server
and ``tools/cypher_statements.py`` can give Neo4j's linter the procedures as a database would list them.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

__all__ = ["Signature", "check_call", "linter_schema", "signatures"]

# The names the client gives positional arguments, as GDS's own signatures name them.
_ARGUMENT_NAMES = {"graph_name": "graphName", "config": "configuration"}


@dataclass
class Signature:
    """One GDS procedure or function as the client declares it."""

    name: str
    arguments: list[str]
    config: set[str] = field(default_factory=set)
    yields: set[str] = field(default_factory=set)
    function: bool = False


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _keywords(node: ast.AST, callee: str) -> list[str] | None:
    """The keyword names of the first call to ``callee`` (an attribute or plain name) inside ``node``."""
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            target = call.func
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if name == callee:
                return [keyword.arg for keyword in call.keywords if keyword.arg]
    return None


def _result_fields(node: ast.AST, module: Any) -> set[str]:
    """The fields of every pydantic result model the method builds or returns (their camelCase names)."""
    fields: set[str] = set()
    for name in {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}:
        model = getattr(module, name, None)
        if inspect.isclass(model) and issubclass(model, BaseModel) and name.endswith(("Result", "Info")):
            fields.update(_camel(f) for f in model.model_fields)
    return fields


def _yield_constants(node: ast.AST, module: Any) -> set[str]:
    """Columns named by a ``yields=`` constant (a list of names) passed to ``call_procedure``."""
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            for keyword in call.keywords:
                if keyword.arg == "yields" and isinstance(keyword.value, ast.Name):
                    return set(getattr(module, keyword.value.id, []))
    return set()


@cache
def signatures() -> dict[str, Signature]:
    """Every ``gds.*`` procedure and function the installed client calls over Cypher, by name.

    Examples
    --------
    >>> found = signatures()["gds.pageRank.write"]
    >>> found.arguments, "dampingFactor" in found.config, "ranIterations" in found.yields
    (['graphName', 'configuration'], True, True)
    """
    from graphdatascience.procedure_surface import cypher

    found: dict[str, Signature] = {}
    for info in pkgutil.walk_packages(cypher.__path__, cypher.__name__ + "."):
        module = importlib.import_module(info.name)
        source: str | None = getattr(module, "__file__", None)
        if info.ispkg or not source:
            continue
        tree = ast.parse(Path(source).read_text(encoding="utf-8"))
        for method in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(method):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                    continue
                name = node.value
                if not name.startswith("gds.") or " " in name or name in found:
                    continue
                parameters = _keywords(method, "CallParameters")
                if parameters is not None:
                    found[name] = Signature(
                        name=name,
                        arguments=[_ARGUMENT_NAMES.get(p, p) for p in parameters],
                        config={_camel(k) for k in _keywords(method, "convert_to_gds_config") or []},
                        yields=_result_fields(method, module) | _yield_constants(method, module),
                    )
                elif "linkprediction" in name:
                    found[name] = Signature(name=name, arguments=["node1", "node2", "config"], function=True)
    # The link prediction functions take their configuration as one map the client builds in a helper.
    link_prediction = importlib.import_module(f"{cypher.__name__}.topological_link_prediction_cypher_endpoints")
    helper = next((n for n in ast.walk(ast.parse(inspect.getsource(link_prediction)))
                   if isinstance(n, ast.FunctionDef) and n.name == "_run_similarity_function"), None)  # fmt: skip
    keys = {key.value for node in ast.walk(helper) if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
            and any(getattr(target, "id", "") == "config" for target in node.targets)
            for key in node.value.keys if isinstance(key, ast.Constant)} if helper else set()  # fmt: skip
    for signature in found.values():
        if signature.function:
            signature.config = {str(k) for k in keys}
    found["gds.version"] = Signature(name="gds.version", arguments=[], function=True)
    return found


def linter_schema(names: list[str]) -> dict[str, Any]:
    """A ``DbSchema`` for Neo4j's linter listing these procedures, so that it checks their names, arity and yields.

    Functions are left out: a schema listing functions makes the linter treat the built-in ones as unknown, so
    the GDS functions graphkit calls are checked by :func:`check_call` instead.
    """
    known = signatures()
    procedures: dict[str, Any] = {}
    for name in names:
        signature = known[name]
        arguments = [
            {"name": argument, "description": argument, "type": "ANY", "isDeprecated": False}
            for argument in signature.arguments
        ]
        returns = [{"name": column, "description": column, "type": "ANY", "isDeprecated": False}
                   for column in sorted(signature.yields)]  # fmt: skip
        listed = ", ".join(f"{a} :: ANY" for a in signature.arguments)
        procedures[name] = {
            "name": name, "description": name, "mode": "WRITE", "worksOnSystem": False,
            "argumentDescription": arguments, "returnDescription": returns,
            "signature": f"{name}({listed}) :: ({', '.join(f'{c} :: ANY' for c in sorted(signature.yields))})",
            "admin": False, "option": {"deprecated": False},
        }  # fmt: skip
    return {"procedures": {"CYPHER 5": procedures}}


_CALL = re.compile(r"\bCALL\s+(gds\.[A-Za-z.]+)\s*\(([^)]*)\)\s*YIELD\s+([\w\s,]+?)\s+RETURN", re.S)
_FUNCTION = re.compile(r"\b(gds\.[A-Za-z.]+)\s*\(")


def check_call(statement: str, parameters: dict[str, Any]) -> list[str]:
    """What is wrong with one statement's GDS calls against the client's signatures (empty when nothing).

    A procedure must exist, take its arguments in order (each a ``$`` parameter named as the argument), be sent
    only configuration keys the client knows, and be asked only for columns it yields. A function (link
    prediction) must exist and be given only known configuration keys. GDS releases before topological link
    prediction left the alpha tier name those functions ``gds.alpha.linkprediction.…``: they are checked against
    their successors.

    Examples
    --------
    >>> check_call("CALL gds.kcore.write($graphName, $configuration) YIELD degeneracy RETURN degeneracy",
    ...            {"graphName": "g", "configuration": {"writeProperty": "core", "seed": 1}})
    ['gds.kcore.write: configuration key seed is not in the signature']
    """
    known = signatures()
    problems = []
    called = set()
    for match in _CALL.finditer(statement):
        name, arguments, yields = match.group(1), match.group(2), match.group(3)
        called.add(name)
        signature = known.get(name)
        if signature is None or signature.function:
            problems.append(f"{name}: no such procedure in the client")
            continue
        given = [a.strip().removeprefix("$") for a in arguments.split(",") if a.strip()]
        if given != signature.arguments:
            problems.append(f"{name}: arguments {given}, the signature has {signature.arguments}")
        config = parameters.get("configuration")
        if isinstance(config, dict):
            problems.extend(f"{name}: configuration key {key} is not in the signature"
                            for key in sorted(set(config) - signature.config))  # fmt: skip
        asked = [column.strip() for column in yields.split(",")]
        problems.extend(f"{name}: yields no column {column}" for column in asked if column not in signature.yields)
    for match in _FUNCTION.finditer(statement):
        name = match.group(1)
        if name in called:
            continue
        signature = known.get(name.replace("gds.alpha.", "gds.", 1))
        if signature is None or not signature.function:
            problems.append(f"{name}: no such function in the client")
            continue
        for literal in re.findall(re.escape(name) + r"\([^{)]*\{([^}]*)\}", statement):
            keys = {item.split(":")[0].strip() for item in literal.split(",") if ":" in item}
            problems.extend(f"{name}: configuration key {key} is not in the signature"
                            for key in sorted(keys - signature.config))  # fmt: skip
    return problems


class RecordingSession:
    """A :class:`graphkit.analysis.gds.GdsSession` with no server: it records every statement and answers each
    with rows of the shape the server would (a procedure's yield columns, counts, community sizes)."""

    def __init__(
        self, *, authors: int = 113, papers: int = 134, communities: tuple[tuple[int, int], ...] = ((7, 40), (3, 40))
    ) -> None:
        self.version = "2.13.0"
        self.authors, self.papers, self.communities = authors, papers, communities
        self.calls: list[tuple[str, dict[str, Any], bool]] = []

    def run(self, statement: str, parameters: Any = None, *, batched: bool = False) -> list[dict[str, Any]]:
        parameters = dict(parameters or {})
        self.calls.append((statement, parameters, batched))
        procedure = re.match(r"\s*CALL (gds\.[A-Za-z.]+)\(", statement)
        if procedure:
            row: dict[str, Any] = {column: 0 for column in signatures()[procedure.group(1)].yields}
            row.update(relationshipCount=2 * self.papers, modularity=0.5, ranIterations=20, degeneracy=3)
            return [row]
        if statement.startswith("SHOW FUNCTIONS"):
            return [{"name": parameters["names"][0]}]
        if "count(a) AS n" in statement:
            return [{"n": self.authors}]
        if "count(p) AS n" in statement:
            return [{"n": self.papers}]
        if "AS total" in statement:
            return [{"total": 4.0, "nodes": self.authors}]
        if "a.community AS raw" in statement:
            return [{"raw": raw, "size": size} for raw, size in self.communities]
        return []

    def statements(self) -> list[tuple[str, dict[str, Any]]]:
        """Every statement sent, with its parameters."""
        return [(statement, parameters) for statement, parameters, _ in self.calls]
