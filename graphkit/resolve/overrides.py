"""The user's overrides file: decisions that beat the resolver's rules on every build.

A TOML file with one table per entity type, each holding ``must_merge`` and ``must_not_merge``
lists of pairs. Authors and institutions are named by display name (compared after folding case,
accents and punctuation) or by an external id; papers by title or by an id such as
``arxiv:2106.09685``::

    [authors]
    must_merge = [["J. Wu", "Jingfeng Wu"]]
    must_not_merge = [["Sham M. Kakade", "Sham Kakade"]]

    # One printed name, two people: the mentions of "Lei Wang" on these papers are one person, and never the
    # person of the name's other mentions. Papers are named by id (arxiv:, doi:, openalex:, s2:, dblp:) or title.
    [[authors.split]]
    name = "Lei Wang"
    papers = ["arxiv:2101.00001", "doi:10.1145/3292500.3330701", "Graph Attention Networks for Traffic"]

    [institutions]
    must_merge = [["uw", "University of Washington"]]

    [papers]
    must_not_merge = [["Deep Inventory Management", "Deep inventory management"]]
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import Field, ValidationError

from graphkit.core.errors import OverridesError
from graphkit.core.models import StrictModel
from graphkit.resolve.base import OverridePairs

__all__ = ["AuthorOverrides", "AuthorSplit", "EntityOverrides", "Overrides", "load_overrides"]


class EntityOverrides(StrictModel):
    """Pairs for one entity type."""

    must_merge: list[tuple[str, str]] = Field(default_factory=list)
    must_not_merge: list[tuple[str, str]] = Field(default_factory=list)

    def pairs(self) -> OverridePairs:
        """As the resolver takes them."""
        return OverridePairs(list(self.must_merge), list(self.must_not_merge))


class AuthorSplit(StrictModel):
    """The mentions of ``name`` on ``papers`` are one person, apart from the name's other mentions."""

    name: str
    papers: list[str] = Field(min_length=1)


class AuthorOverrides(EntityOverrides):
    """Pairs for authors, and splits of one printed name by papers."""

    split: list[AuthorSplit] = Field(default_factory=list)

    def pairs(self) -> OverridePairs:
        """As the resolver takes them."""
        return OverridePairs(
            list(self.must_merge), list(self.must_not_merge), [(s.name, list(s.papers)) for s in self.split]
        )


class Overrides(StrictModel):
    """The whole overrides file."""

    authors: AuthorOverrides = Field(default_factory=AuthorOverrides)
    papers: EntityOverrides = Field(default_factory=EntityOverrides)
    institutions: EntityOverrides = Field(default_factory=EntityOverrides)


def load_overrides(path: str | Path | None) -> Overrides:
    """Read and validate an overrides file; no path means no overrides.

    Raises
    ------
    OverridesError
        Naming the file and what is wrong with it.

    Examples
    --------
    >>> load_overrides(None).authors.must_merge
    []
    """
    if path is None:
        return Overrides()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as e:
        raise OverridesError(f"{path}: cannot read the overrides file ({e.strerror})") from e
    except tomllib.TOMLDecodeError as e:
        raise OverridesError(f"{path}: not valid TOML ({e}); see the README for the format") from e
    try:
        return Overrides.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        raise OverridesError(
            f"{path}: {problems}. Expected [authors|papers|institutions] tables with must_merge / must_not_merge "
            'lists of ["A", "B"] pairs, and [[authors.split]] entries with a name and a list of papers'
        ) from e
