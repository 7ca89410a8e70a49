"""A store whose every text holds what breaks file formats: quotes, separators, markup, control characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit.store.build import build

TITLE = (
    'Quotes "here", a back\\slash, <!--<script>alert(1)</script> a\ttab, a line\nbreak, \x01 control; '
    "semicolon & ampersand"
)
NAMES = [
    'Ann "The Hammer" O\'Neil; Jr.',
    '<!--<script>alert("x")</script>',
    "Zoë \x07Bell, PhD",
    '=HYPERLINK("http://x") Smith',
]
VARIANT = "A. O'Neil; Jr."
"""Another spelling of the first person, on the second paper: a name variant holding ``;``."""


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two OpenAlex works by four people whose names, and a title, hold every character formats trip on."""
    folder = tmp_path_factory.mktemp("hostile")
    authorships = [{"author": {"id": f"https://openalex.org/A{i}", "display_name": n}} for i, n in enumerate(NAMES)]
    works = [
        {"id": "https://openalex.org/W1", "doi": "https://doi.org/10.1234/abc;def", "title": TITLE,
         "publication_year": 2020, "authorships": authorships},
        {"id": "https://openalex.org/W2", "title": "Second paper, with\r\nCRLF", "publication_year": 2021,
         "authorships": [{"author": {"id": "https://openalex.org/A0", "display_name": VARIANT}}, authorships[2]],
         "referenced_works": ["https://openalex.org/W1"]},
    ]  # fmt: skip
    source = folder / "works.json"
    source.write_text(json.dumps({"results": works}), encoding="utf-8")
    db = folder / "hostile.lbdb"
    build([source], db)
    return db
