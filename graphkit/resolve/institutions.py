"""Institution resolution: ROR ids, the bundled alias table, then normalised names.

Rules, in order:

1. **Same ROR id**.
2. **Same entry of the alias table** (``data/institution_aliases.json``): slugs that listing
   sites print (``harvard``, ``uw``) and common name variants map to one institution with its
   display name and, where known, its ROR id. ``harvard`` on a profile page and the organisation
   ``harvard Harvard University`` on a feed are one institution.
3. **Same normalised name** (case, accents, punctuation, a leading "The").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from graphkit.core.models import InstitutionRef, StrictModel
from graphkit.core.text import fold
from graphkit.resolve.base import Link, Mention, Resolver

__all__ = ["InstitutionAlias", "InstitutionMention", "InstitutionResolver", "alias_table", "institution_key"]


class InstitutionAlias(StrictModel):
    """One institution of the bundled alias table."""

    name: str
    ror: str | None = None
    country: str | None = None
    aliases: list[str]


def institution_key(name: str) -> str:
    """The comparison key of an institution name.

    Examples
    --------
    >>> institution_key("The University of Washington"), institution_key("microsoft-research")
    ('university of washington', 'microsoft research')
    """
    key = fold(name)
    return key[4:] if key.startswith("the ") else key


@lru_cache(maxsize=1)
def alias_table() -> dict[str, InstitutionAlias]:
    """The bundled alias table, keyed by the :func:`institution_key` of every alias and name."""
    text = resources.files("graphkit.resolve").joinpath("data/institution_aliases.json").read_text("utf-8")
    table: dict[str, InstitutionAlias] = {}
    for item in json.loads(text)["institutions"]:
        entry = InstitutionAlias.model_validate(item)
        for alias in [entry.name, *entry.aliases]:
            table[institution_key(alias)] = entry
    return table


@dataclass
class InstitutionMention(Mention):
    """An institution as one source names it."""

    keys: tuple[str, ...] = ()
    ref: InstitutionRef | None = None
    alias: InstitutionAlias | None = None


class InstitutionResolver(Resolver):
    """Decide which institution names are the same institution (see the module rules).

    Examples
    --------
    >>> m = InstitutionResolver.mention
    >>> refs = [InstitutionRef(name="harvard"), InstitutionRef(name="Harvard University", slug="harvard")]
    >>> len(set(InstitutionResolver().resolve([m(r) for r in refs]).cluster_of))
    1
    """

    entity = "institution"

    @staticmethod
    def mention(ref: InstitutionRef) -> InstitutionMention:
        """Build a mention from an institution reference."""
        table = alias_table()
        keys = [institution_key(k) for k in (ref.name, ref.slug) if k]
        alias = next((table[k] for k in keys if k in table), None)
        ror = ref.ror or (alias.ror if alias else None)
        return InstitutionMention(
            label=ref.name, ids={"ror": ror} if ror else {}, keys=tuple(keys), ref=ref, alias=alias
        )

    def override_key(self, text: str) -> str:
        return text if text.startswith("https://ror.org/") else institution_key(text)

    def override_keys(self, mention: Mention) -> list[str]:
        keys = list(mention.keys) if isinstance(mention, InstitutionMention) else []
        return [*keys, *super().override_keys(mention)]

    def propose(self, mentions: list[Mention]) -> Iterable[Link]:
        first: dict[str, int] = {}
        for index, mention in enumerate(mentions):
            assert isinstance(mention, InstitutionMention)
            keys = []
            if "ror" in mention.ids:
                keys.append(("ror " + mention.ids["ror"], "same ROR id"))
            if mention.alias is not None:
                keys.append(("alias " + mention.alias.name, f"alias table: {mention.alias.name}"))
            keys.extend(("name " + k, "same normalised name") for k in mention.keys)
            for key, rule in keys:
                seen = first.setdefault(key, index)
                if seen != index:
                    other = mentions[seen]
                    yield Link(
                        seen, index, rule.split(":")[0], f"{other.label!r} = {mention.label!r} ({rule})",
                        recorded=other.label != mention.label,
                    )  # fmt: skip
