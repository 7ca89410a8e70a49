"""The import-direction check: the repository passes it, and it catches each kind of violation."""

from __future__ import annotations

from pathlib import Path

from tools.check_layers import violations

REPO = Path(__file__).resolve().parents[1]


def test_graphkit_imports_only_downward() -> None:
    assert violations(REPO) == []


def _module(root: Path, relative: str, text: str) -> None:
    path = root / "graphkit" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_upward_sibling_lazy_and_unknown_imports_are_reported(tmp_path: Path) -> None:
    _module(tmp_path, "__init__.py", "from graphkit.cli import main\n")  # the top level may import anything
    _module(tmp_path, "core/models.py", "import graphkit.store.schema\n")
    _module(tmp_path, "analysis/metrics.py", "from graphkit.query.library import run_query\n")
    _module(tmp_path, "store/embedded.py", "def f():\n    from graphkit.export.rdf import write_rdf\n")
    _module(tmp_path, "resolve/papers.py", "from graphkit.core.text import fold\nfrom graphkit.resolve import base\n")
    _module(tmp_path, "gadgets/x.py", "")
    found = violations(tmp_path)
    assert len(found) == 4, found
    assert any(p.startswith("graphkit/core/models.py:1: graphkit.core (layer 0) imports graphkit.store") for p in found)
    assert any(p.startswith("graphkit/analysis/metrics.py:1:") and "graphkit.query.library" in p for p in found)
    assert any(p.startswith("graphkit/store/embedded.py:2:") for p in found)
    assert any("graphkit.gadgets has no layer" in p for p in found)
