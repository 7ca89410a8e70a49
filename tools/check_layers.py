"""Fail when a graphkit module imports against the direction of the data flow.

The packages form layers, lowest first::

    core → extract, fetch → stage → resolve → store → analysis, query → export → api, cli

A module may import from its own package and from any lower layer, never from a higher one or from
a sibling on its own layer (``analysis`` and ``query`` stay independent of each other). Imports inside
functions count too: a lazy import is still a dependency. Run ``python tools/check_layers.py``; CI does.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LAYERS: dict[str, int] = {
    "core": 0,
    "cypher": 0,
    "extract": 1,
    "fetch": 1,
    "stage": 2,
    "resolve": 3,
    "store": 4,
    "analysis": 5,
    "query": 5,
    "export": 6,
    "api": 7,
    "cli": 7,
}
"""Each package of ``graphkit`` and its layer; a package missing here is itself a violation."""


def _package(module: str) -> str | None:
    """``graphkit.store.embedded`` -> ``store``; ``graphkit`` itself -> ``None`` (the version only)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "graphkit" else None


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def violations(root: Path) -> list[str]:
    """Every import in ``root/graphkit`` that breaks the layering, as ``file:line: message``.

    Examples
    --------
    >>> violations(Path(__file__).resolve().parents[1])
    []
    """
    problems = []
    package_root = root / "graphkit"
    for path in sorted(package_root.rglob("*.py")):
        relative = path.relative_to(package_root)
        if len(relative.parts) == 1:
            continue  # graphkit/__init__.py and __main__.py sit above the layers
        own = relative.parts[0]
        where = path.relative_to(root)
        if own not in LAYERS:
            problems.append(f"{where}:1: package graphkit.{own} has no layer; add it to LAYERS (tools/check_layers.py)")
            continue
        for line, module in _imports(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            target = _package(module)
            if target is None or target == own:
                continue
            if target not in LAYERS:
                problems.append(f"{where}:{line}: imports {module}, a package with no layer")
            elif LAYERS[target] >= LAYERS[own]:
                problems.append(
                    f"{where}:{line}: graphkit.{own} (layer {LAYERS[own]}) imports {module} "
                    f"(layer {LAYERS[target]}); move the shared code down to a lower layer"
                )
    return problems


def main() -> int:
    """Print every violation; exit 1 if there is any."""
    problems = violations(Path(__file__).resolve().parents[1])
    for problem in problems:
        print(problem)
    print(f"layer check: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
