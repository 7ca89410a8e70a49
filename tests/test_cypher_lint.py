"""Neo4j's own linter accepts every Neo4j-dialect statement and rejects broken ones.

Needs Node and `npm ci` (which .ci/run does); skips with a message where they are missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.cypher_statements import statements

REPO = Path(__file__).resolve().parents[1]
LINTER = REPO / "tools" / "lint_cypher.mjs"


def _lint(items: list[dict[str, str]]) -> subprocess.CompletedProcess[str]:
    if shutil.which("node") is None or not (REPO / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("Neo4j's Cypher linter is not installed: run `npm ci` (CI does)")
    return subprocess.run(["node", str(LINTER)], input=json.dumps(items), capture_output=True, text=True, cwd=REPO)


def test_every_neo4j_statement_passes() -> None:
    if shutil.which("node") is None or not (REPO / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("Neo4j's Cypher linter is not installed: run `npm ci` (CI does)")
    # The linter takes about a tenth of a second a statement on one core: two halves, two processes at once.
    items = statements()
    halves = [items[: len(items) // 2], items[len(items) // 2 :]]
    linters = [
        subprocess.Popen(["node", str(LINTER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
        for _ in halves
    ]
    for linter, half in zip(linters, halves, strict=True):  # both fed before either is waited for
        assert linter.stdin is not None
        linter.stdin.write(json.dumps(half))
        linter.stdin.close()
    outputs = []
    for linter in linters:
        assert linter.stdout is not None
        outputs.append(linter.stdout.read())
        linter.wait(timeout=300)
    for linter, output in zip(linters, outputs, strict=True):
        assert linter.returncode == 0, output
        assert ", 0 error(s)" in output
    assert sum(int(output.split("cypher lint: ")[1].split(" ")[0]) for output in outputs) == len(items)


def test_the_linter_catches_errors_and_the_ladybug_dialect() -> None:
    result = _lint([
        {"source": "typo", "statement": "MATCH (n:Author) RETRUN n"},
        {"source": "ladybug", "statement": "MATCH p = (a)-[:COAUTHORED_WITH* SHORTEST 1..6]-(b) RETURN p"},
    ])  # fmt: skip
    assert result.returncode == 1
    assert "typo:" in result.stdout and "ladybug:" in result.stdout
