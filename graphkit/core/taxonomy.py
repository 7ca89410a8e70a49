"""The arXiv category taxonomy, bundled as package data, and code resolution.

The taxonomy (``data/arxiv_taxonomy.json``) lists every current arXiv category with its name,
archive and group, the aliases arXiv keeps (``cs.SY`` is an alias of ``eess.SY``) and the
legacy archives that older papers carry (``solv-int`` became ``nlin.SI``).

Resolution rules, in order:

1. a full code (``cs.LG``, ``hep-th``) resolves to itself, or to its canonical code if it is an
   alias or a legacy archive;
2. a bare subject code as listing pages print it (``LG``) resolves to the category whose
   subject part matches, choosing by archive in the order ``cs, stat, eess, math, econ, q-bio,
   q-fin, astro-ph, nlin`` where several archives share the suffix (``GT`` is ``cs.GT`` rather
   than ``math.GT``; ``DS`` is ``cs.DS`` rather than ``math.DS``), then canonicalised (``SY`` is
   ``cs.SY``, an alias, so ``eess.SY``). The order favours computer science and statistics
   because the listing sites graphkit reads are machine-learning sites.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from graphkit.core.models import StrictModel

__all__ = ["Category", "Taxonomy", "load_taxonomy", "resolve_category"]


class Category(StrictModel):
    """One arXiv category."""

    code: str
    name: str
    archive: str
    group: str
    alias_of: str | None = None


class Taxonomy:
    """The bundled arXiv taxonomy with code look-ups.

    Examples
    --------
    >>> tax = load_taxonomy()
    >>> tax.resolve("LG"), tax.resolve("SY"), tax.resolve("GT"), tax.resolve("cs.NA")
    ('cs.LG', 'eess.SY', 'cs.GT', 'math.NA')
    >>> tax.get("stat.ML").name
    'Machine Learning'
    """

    def __init__(self, categories: list[Category], legacy: dict[str, str], preference: list[str]) -> None:
        self._by_code = {cat.code: cat for cat in categories}
        self._legacy = dict(legacy)
        self._preference = {archive: rank for rank, archive in enumerate(preference)}
        by_suffix: dict[str, list[Category]] = {}
        for cat in categories:
            if "." in cat.code:
                by_suffix.setdefault(cat.code.split(".", 1)[1], []).append(cat)
        self._by_suffix = {
            suffix: sorted(cats, key=lambda c: self._preference.get(c.archive, len(self._preference)))
            for suffix, cats in by_suffix.items()
        }

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_code.values())

    def get(self, code: str) -> Category:
        """Return the category for a canonical or alias code; ``KeyError`` if unknown."""
        return self._by_code[code]

    def canonical(self, code: str) -> str:
        """Follow alias and legacy links to the canonical code (unknown codes pass through)."""
        code = self._legacy.get(code, code)
        cat = self._by_code.get(code)
        return cat.alias_of if cat is not None and cat.alias_of else code

    def resolve(self, raw: str) -> str | None:
        """Resolve a full or bare code to a canonical full code, or ``None`` if unknown."""
        raw = raw.strip()
        if not raw:
            return None
        if raw in self._by_code or raw in self._legacy:
            return self.canonical(raw)
        candidates = self._by_suffix.get(raw)
        if candidates:
            return self.canonical(candidates[0].code)
        return None


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """Load the bundled taxonomy once per process."""
    text = resources.files("graphkit.core").joinpath("data/arxiv_taxonomy.json").read_text("utf-8")
    doc = json.loads(text)
    return Taxonomy(
        [Category.model_validate(item) for item in doc["categories"]],
        doc["legacy"],
        doc["two_letter_preference"],
    )


def resolve_category(raw: str | None) -> str | None:
    """Resolve a category code as printed by any source (see the module rules).

    Examples
    --------
    >>> resolve_category("OC"), resolve_category("ML"), resolve_category("XX")
    ('math.OC', 'stat.ML', None)
    """
    return None if raw is None else load_taxonomy().resolve(raw)
