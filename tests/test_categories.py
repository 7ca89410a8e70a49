"""The bundled arXiv taxonomy and code resolution."""

from __future__ import annotations

import pytest

from graphkit.core.taxonomy import load_taxonomy, resolve_category


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("LG", "cs.LG"),
        ("CV", "cs.CV"),
        ("CL", "cs.CL"),
        ("GT", "cs.GT"),
        ("OC", "math.OC"),
        ("ML", "stat.ML"),
        ("DS", "cs.DS"),
        ("SY", "eess.SY"),
        ("cs.SY", "eess.SY"),
        ("hep-th", "hep-th"),
        ("solv-int", "nlin.SI"),
        ("math.MP", "math-ph"),
        ("cond-mat.stat-mech", "cond-mat.stat-mech"),
        ("ZZ", None),
        ("", None),
    ],
)
def test_resolution(raw: str, code: str | None) -> None:
    assert resolve_category(raw) == code


def test_taxonomy_is_complete() -> None:
    taxonomy = load_taxonomy()
    codes = {c.code for c in taxonomy}
    assert len(codes) == 157  # 155 current, plus the pre-1998 archives astro-ph and cond-mat
    groups = {c.group for c in taxonomy}
    assert groups == {
        "Computer Science",
        "Economics",
        "Electrical Engineering and Systems Science",
        "Mathematics",
        "Physics",
        "Quantitative Biology",
        "Quantitative Finance",
        "Statistics",
    }
    assert sum(c.archive == "cs" for c in taxonomy) == 40
    assert taxonomy.get("math.OC").name == "Optimization and Control"
    # every alias points at a real canonical category
    assert all(c.alias_of in codes and taxonomy.get(c.alias_of).alias_of is None for c in taxonomy if c.alias_of)
