"""Property-based: any page text gives records or graphkit's own error, never a crash."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.core.errors import GraphkitError
from graphkit.extract import FORMATS, extract
from tests.conftest import SEED_PAGES

_SEED_LINES = [line for page in SEED_PAGES for line in page.read_text("utf-8").splitlines()]
_WORK = Path(tempfile.mkdtemp(prefix="graphkit-fuzz-"))
atexit.register(shutil.rmtree, _WORK, ignore_errors=True)


def _run(text: str, fmt: str) -> None:
    path = _WORK / "page.txt"
    path.write_bytes(text.encode("utf-8", errors="replace"))
    try:
        result = extract(path, format=fmt)
    except GraphkitError:
        return
    for paper in result.papers:
        assert paper.title


# Lines drawn from the real pages, shuffled, dropped, duplicated and mixed with junk.
_mutated_page = st.lists(
    st.one_of(st.sampled_from(_SEED_LINES), st.text(max_size=60), st.just(""), st.just("·"), st.just("  • 3 authors")),
    max_size=60,
).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=400), _mutated_page), fmt=st.sampled_from(["auto", *FORMATS]))
def test_arbitrary_and_mutated_pages_never_crash(text: str, fmt: str) -> None:
    _run(text, fmt)
