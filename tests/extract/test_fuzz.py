"""Fuzzing: any input gives records, reported skips or graphkit's own error — never a crash, never slow.

The campaign (``tools/fuzz_extract.py``) mutates pieces of every real sample of every format; CI runs
:data:`CI_INPUTS` of its inputs (the documented command runs 20,000). A property-based test adds arbitrary and
recombined page text for the listing formats.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.core.errors import GraphkitError
from graphkit.core.models import PaperIds
from graphkit.extract import FORMATS, extract
from tests.conftest import FUZZ_SUMMARY, SEED_PAGES
from tools.fuzz_extract import real_samples, run_campaign

CI_INPUTS = 3000
"""Inputs the CI campaign tries: 250 per format, about 35 s of one core (shared among the cores)."""

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
        assert paper.title or paper.ids != PaperIds()  # a paper without a title is named by an id


# Lines drawn from the real pages, shuffled, dropped, duplicated and mixed with junk.
_mutated_page = st.lists(
    st.one_of(st.sampled_from(_SEED_LINES), st.text(max_size=60), st.just(""), st.just("·"), st.just("  • 3 authors")),
    max_size=60,
).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=400), _mutated_page), fmt=st.sampled_from(["auto", *FORMATS]))
def test_arbitrary_and_mutated_pages_never_crash(text: str, fmt: str) -> None:
    _run(text, fmt)


def test_fuzz_campaign_over_every_real_sample_never_crashes(shared_data: Path, request: pytest.FixtureRequest) -> None:
    report = run_campaign(real_samples(shared_data.parent), inputs=CI_INPUTS, seed=0, workers=os.cpu_count() or 1)
    # Carried on the test's report, so that it reaches the terminal also from a pytest-xdist worker.
    request.node.user_properties.append((FUZZ_SUMMARY, report.summary()))
    assert set(report.tried) == set(FORMATS)  # every format is fuzzed
    assert min(report.tried.values()) >= CI_INPUTS // len(FORMATS)
    assert report.outcomes["records"] > CI_INPUTS // 4  # the mutations leave much of the input readable
    assert report.failures == [], report.summary()
