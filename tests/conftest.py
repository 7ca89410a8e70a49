"""Shared fixtures: the seed pages (copied into examples/) and the shared datasets (read in place)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
PROFILE_PAGE = EXAMPLES / "000_9cda39045601fe48.txt"
DAILY_FEED = EXAMPLES / "001_273acf9230b65e6d.txt"
RANKED_LIST = EXAMPLES / "003_6ccdfc8f9d884491.txt"
SEED_PAGES = (PROFILE_PAGE, DAILY_FEED, RANKED_LIST)


def shared_dir() -> Path:
    """The shared folder: $GRAPHKIT_SHARED, else ../shared beside the repository."""
    return Path(os.environ.get("GRAPHKIT_SHARED", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``shared/data``, or skip (CI never skips: .ci/run fails when the folder is absent)."""
    data = shared_dir() / "data"
    if not data.is_dir():
        pytest.skip(f"shared datasets not found at {data}; set GRAPHKIT_SHARED to the folder holding data/")
    return data


FUZZ_SUMMARY = "fuzz-campaign-summary"
"""The user property under which the fuzz campaign test leaves its report, printed at the end of the run."""
_summaries: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep the fuzz campaign's report from the test's report (this runs where the terminal is, with xdist too)."""
    for name, value in report.user_properties:
        if name == FUZZ_SUMMARY and report.when == "call":
            _summaries.append(str(value))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Print the fuzz campaign's report (inputs per format, outcomes, failures) when it ran."""
    for summary in _summaries:
        terminalreporter.write_sep("-", "extraction fuzz campaign")
        terminalreporter.write_line(summary)
