"""The context of author mentions, read from the mention frame one batch of components at a time.

For each mention of the batch (table ``_batch (am, component)``): its name and ids, how common its surname and
first name are in the corpus (table ``names``: the distinct first names seen with the surname, the distinct
surnames seen with the first name), the resolved paper and
record it is on, the other names of that byline (when the byline has at most ``max_authors`` names), the
record's title, abstract, venue (or journal reference), year, categories and topics, and the affiliations
printed for that author. Titles and abstracts are read from the staged files here, for the batch only.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from graphkit.core.names import parse_name
from graphkit.core.text import fold
from graphkit.resolve.author_block import AuthorBlock, BlockMention
from graphkit.resolve.frame import MentionFrame

__all__ = ["BYLINE", "PROFILED", "batch_blocks"]

IntArray = npt.NDArray[np.int64]

BYLINE = 0
"""``am.kind`` of a byline name (1: a listing's profiled author, 2: a profile record)."""
PROFILED = 1
"""``am.kind`` of a listing's profiled author: the person whose profile page listed the paper."""

_ID_KINDS = ("orcid", "openalex", "s2", "dblp")


def batch_blocks(frame: MentionFrame, max_authors: int) -> Iterator[tuple[IntArray, list[int], AuthorBlock]]:
    """Each component of ``_batch`` as ``(mention numbers, kinds, block)``, components in order of first mention.

    Needs the frame tables ``am``, ``names``, ``paper_of`` and ``_batch``.
    """
    table = frame.arrow(
        f"""
        WITH m AS (
            SELECT am.am, b.component, am.label, am.kind, am.src, am.rec, am.position, am.pm,
                   {", ".join(f"am.{k}" for k in _ID_KINDS)}, paper_of.rep
            FROM _batch b JOIN am USING (am) LEFT JOIN paper_of USING (pm)
        ),
        p AS (
            SELECT papers.src, papers.rec, papers.title, papers.abstract,
                   coalesce(papers.venue, papers.journal_ref) AS venue, year(papers.date) AS year,
                   list_concat(coalesce(papers.categories, []), coalesce(papers.topics, [])) AS topics
            FROM papers SEMI JOIN (SELECT src, rec FROM m WHERE pm IS NOT NULL) k USING (src, rec)
        ),
        small AS (
            SELECT a.src, a.rec, a.position, a.name
            FROM authors a SEMI JOIN (SELECT src, rec FROM m WHERE pm IS NOT NULL) k USING (src, rec)
            QUALIFY count(*) OVER (PARTITION BY a.src, a.rec) <= $max
        ),
        co AS (
            SELECT m.am, list(s.name ORDER BY s.position) AS coauthors
            FROM m JOIN small s ON s.src = m.src AND s.rec = m.rec AND s.position IS DISTINCT FROM m.position
            WHERE m.pm IS NOT NULL GROUP BY m.am
        ),
        surnames AS (SELECT surname, count(DISTINCT first_name) AS variety FROM names GROUP BY surname),
        firsts AS (
            SELECT first_name, count(DISTINCT surname) AS variety FROM names
            WHERE first_name IS NOT NULL GROUP BY first_name
        ),
        af AS (
            SELECT m.am, list(f.name ORDER BY f.name) AS affiliations
            FROM m JOIN affiliations f ON f.src = m.src AND f.rec = m.rec AND f.position = m.position
            WHERE m.pm IS NOT NULL AND m.kind = {BYLINE} GROUP BY m.am
        )
        SELECT m.am, m.component, m.label, m.kind, m.rep,
               CASE WHEN m.kind = {BYLINE} THEN m.pm END AS record,
               CASE WHEN m.kind = {PROFILED} THEN m.pm END AS listing, m.src AS source,
               {", ".join(f"m.{k}" for k in _ID_KINDS)},
               p.title, p.abstract, p.venue, p.year, p.topics, co.coauthors, af.affiliations,
               coalesce(surnames.variety, 0) AS surname_variety, firsts.variety AS given_variety
        FROM m LEFT JOIN p ON m.pm IS NOT NULL AND p.src = m.src AND p.rec = m.rec
        LEFT JOIN co USING (am) LEFT JOIN af USING (am)
        JOIN names USING (label) LEFT JOIN surnames USING (surname) LEFT JOIN firsts USING (first_name)
        ORDER BY m.component, m.am
        """,
        {"max": max_authors},
    )
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    components = columns["component"]
    start = 0
    while start < len(components):
        end = start
        while end < len(components) and components[end] == components[start]:
            end += 1
        mentions = []
        for row in range(start, end):
            label = columns["label"][row]
            parsed = parse_name(label)
            own = parsed.key
            mentions.append(
                BlockMention(
                    label=label,
                    parsed=parsed,
                    paper=_number(columns["rep"][row]),
                    record=_number(columns["record"][row]),
                    listing=_number(columns["listing"][row]),
                    source=_number(columns["source"][row]),
                    coauthors=[c for c in columns["coauthors"][row] or () if fold(c) != own],
                    title=columns["title"][row] or "",
                    abstract=columns["abstract"][row] or "",
                    venue=columns["venue"][row] or "",
                    year=columns["year"][row],
                    topics=list(dict.fromkeys(columns["topics"][row] or ())),
                    affiliations=columns["affiliations"][row] or [],
                    ids={k: v for k in _ID_KINDS if (v := columns[k][row])},
                    surname_variety=columns["surname_variety"][row],
                    given_variety=columns["given_variety"][row],
                )
            )
        yield np.asarray(columns["am"][start:end], dtype=np.int64), columns["kind"][start:end], AuthorBlock(mentions)
        start = end


def _number(value: int | None) -> int:
    return -1 if value is None else int(value)
