"""The staging plan of the arXiv snapshot, written once and rendered for each engine's SQL.

The bulk path (:mod:`graphkit.stage.snapshot`) is two stages: an engine parses the JSON Lines with an explicit
schema and does the per-row normalisation in SQL (:func:`snapshot_scan`), then graphkit's Python fixes the rows SQL
flags and assembles the staged tables from Arrow batches (:func:`graphkit.stage.snapshot.fix_batch`,
:func:`~graphkit.stage.snapshot.assemble`). The first stage is this module's query, built from one definition by a
:class:`Dialect` — DuckDB's (the default engine, in-process) or Spark SQL's (``--engine spark``, local mode or a
cluster) — which spells the few functions the two SQLs name differently: list lambdas, 1-based list items,
anchored regular expressions, string literals, the safe date constructor. The second stage is the same Python on
both engines (on Spark it runs on the executors, over Arrow batches). Both engines therefore give the same staged
tables, row for row (``tests/stage/test_spark.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.core.text import RUNNING_TEX_RE2

__all__ = ["DUCKDB", "SPARK", "Dialect", "snapshot_scan"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ARXIV_ID = r"\d{4}\.\d{4,5}|[a-z][a-z\-]*/\d{7}"
_DOI = r"10\.\d{4,9}/[!-~]+"
_CREATED = r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} .*"
# What only Python's str.split() settles exactly: ASCII whitespace other than space and newline, a run of
# spaces or newlines inside the text, and (for long text, where a precise class costs more) any non-ASCII.
_ODD_SPACE = r"[\t\r\x{0b}\x{0c}\x{1c}-\x{1f}]|[^ \n][ \n][ \n]+[^ \n]"
_UNICODE_SPACE = r"[\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_TEXT_FLAG = f"{_ODD_SPACE}|[^\\x{{00}}-\\x{{7f}}]"
# Titles are short: SQL collapses their runs of spaces and newlines (arXiv wraps titles as "…\\n  …").
_TITLE_FLAG = f"[\\t\\r\\x{{0b}}\\x{{0c}}\\x{{1c}}-\\x{{1f}}]|{_UNICODE_SPACE}"
_NAME_FLAG = f'{_ODD_SPACE}|{_UNICODE_SPACE}|[\\\\{{~"]'
# What TeX decoding may change (:func:`~graphkit.core.text.decode_tex`): a backslash, a brace, a tie, a quote.
_TEX_FLAG = '[\\\\{~"]'


@dataclass(frozen=True)
class Dialect:
    """How one engine's SQL spells what the plan needs. The patterns are RE2 syntax that Java's regular
    expressions read the same way (``\\x{hh}`` escapes, ASCII ``\\w``, no look-around)."""

    name: str

    @property
    def spark(self) -> bool:
        return self.name == "spark"

    def text(self, value: str) -> str:
        """A string literal: DuckDB doubles quotes; Spark SQL reads backslash escapes."""
        if self.spark:
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + value.replace("'", "''") + "'"

    def field(self, name: str) -> str:
        """A column whose JSON name is not an SQL identifier (``journal-ref``)."""
        return f"`{name}`" if self.spark else f'"{name}"'

    def lambda_(self, variable: str, body: str) -> str:
        return f"{variable} -> {body}" if self.spark else f"lambda {variable}: {body}"

    def keep(self, array: str, variable: str, predicate: str) -> str:
        return f"{'filter' if self.spark else 'list_filter'}({array}, {self.lambda_(variable, predicate)})"

    def each(self, array: str, variable: str, body: str) -> str:
        return f"{'transform' if self.spark else 'list_transform'}({array}, {self.lambda_(variable, body)})"

    def any(self, array: str, variable: str, predicate: str) -> str:
        """True if the predicate holds for an item; false for an empty or missing list."""
        if self.spark:
            return f"coalesce(exists({array}, {self.lambda_(variable, predicate)}), false)"
        return f"coalesce(list_bool_or({self.each(array, variable, predicate)}), false)"

    def item(self, array: str, position: int) -> str:
        """The 1-based ``position``-th item, NULL past the end."""
        return f"try_element_at({array}, {position})" if self.spark else f"{array}[{position}]"

    def matches(self, text: str, pattern: str) -> str:
        """The pattern found anywhere in the text (NULL for NULL text)."""
        return f"({text} RLIKE {self.text(pattern)})" if self.spark else f"regexp_matches({text}, {self.text(pattern)})"

    def whole(self, text: str, pattern: str) -> str:
        """The pattern matching the whole text (Java's ``$`` would also match before a final newline)."""
        if self.spark:
            return f"({text} RLIKE {self.text('^(?:' + pattern + ')' + chr(92) + 'z')})"
        return f"regexp_full_match({text}, {self.text(pattern)})"

    def replace_all(self, text: str, pattern: str, replacement: str) -> str:
        flags = "" if self.spark else ", 'g'"
        return f"regexp_replace({text}, {self.text(pattern)}, {self.text(replacement)}{flags})"

    def strip_end(self, text: str, character: str) -> str:
        if self.spark:
            return f"trim(TRAILING {self.text(character)} FROM {text})"
        return f"rtrim({text}, {self.text(character)})"

    def words(self, text: str) -> str:
        return f"split({text}, ' ')" if self.spark else f"string_split({text}, ' ')"

    def month(self, name: str) -> str:
        """1–12 for a month's three-letter name, NULL otherwise."""
        months = ", ".join(self.text(m) for m in _MONTHS)
        if self.spark:
            return f"nullif(array_position(array({months}), {name}), 0)"
        return f"list_position([{months}], {name})"

    def date(self, year: str, month: str, day: str) -> str:
        """The date, NULL where there is none (Spark's ``make_date`` is NULL there with ANSI mode off)."""
        made = f"make_date({year}, {month}, {day})"
        return made if self.spark else f"try({made})"


DUCKDB = Dialect("duckdb")
SPARK = Dialect("spark")


def snapshot_scan(d: Dialect, source: str, extra: tuple[str, ...] = ()) -> str:
    """The scan of the arXiv snapshot: one row per line, normalised in SQL, with the flags the Python stage reads.

    ``source`` is the relation holding the parsed lines (DuckDB's ``read_json(…)``, a Spark view); ``extra``
    columns (Spark's line numbers) are carried through. No row numbering here: a window would serialise DuckDB's
    parallel scan.

    Examples
    --------
    >>> duckdb_sql, spark_sql = snapshot_scan(DUCKDB, "t"), snapshot_scan(SPARK, "t")
    >>> "list_filter(versions, lambda v:" in duckdb_sql, "filter(versions, v ->" in spark_sql
    (True, True)
    """
    carried = "".join(f"{column}, " for column in extra)
    created = d.item(d.keep("versions", "v", "v.version = 'v1' AND coalesce(v.created, '') <> ''"), 1) + ".created"
    joined = f"trim(concat_ws(' ', {d.item('p', 2)}, {d.item('p', 1)}, {d.item('p', 3)}))"
    byline = f"replace({joined}, '. -', '.-')"
    parts = d.words("created")
    abstract_tex = d.matches("abstract", RUNNING_TEX_RE2)
    title = d.replace_all("title", "[ \n]+", " ")
    return f"""
SELECT
    {carried}arxiv, id AS raw_id,
    title, title_odd, title_tex, abstract, abstract_odd, journal_ref, journal_ref_odd,
    names, names_odd, CASE WHEN names_odd THEN authors_parsed END AS raw_parsed,
    doi, CASE WHEN doi IS NULL THEN raw_doi END AS raw_doi,
    date, CASE WHEN date IS NULL THEN created END AS raw_created,
    categories
FROM (
    SELECT
        {carried}id, authors_parsed, created, categories, doi AS raw_doi,
        CASE WHEN {d.whole("id", _ARXIV_ID)} THEN id END AS arxiv,
        {title} AS title,
        coalesce({d.matches("title", _TITLE_FLAG)}, false) AS title_odd,
        coalesce({d.matches("title", _TEX_FLAG)}, false) AS title_tex,
        replace(abstract, chr(10), ' ') AS abstract,
        coalesce({d.matches("abstract", _TEXT_FLAG)} OR CASE WHEN {d.matches("abstract", _TEX_FLAG)}
                 THEN {abstract_tex} ELSE false END, false) AS abstract_odd,
        replace(journal_ref, chr(10), ' ') AS journal_ref,
        coalesce({d.matches("journal_ref", _TEXT_FLAG)}, false) AS journal_ref_odd,
        {d.keep(d.each("authors_parsed", "p", byline), "n", "n <> ''")} AS names,
        {d.any("authors_parsed", "p", d.matches(joined, _NAME_FLAG))} AS names_odd,
        CASE WHEN {d.whole("doi", _DOI)} THEN {d.strip_end("lower(doi)", ".")} END AS doi,
        CASE WHEN {d.whole("created", _CREATED)}
             THEN {
        d.date(f"CAST({d.item(parts, 4)} AS BIGINT)", d.month(d.item(parts, 3)), f"CAST({d.item(parts, 2)} AS BIGINT)")
    } END AS date
    FROM (
        SELECT {carried}id, title, abstract, {d.field("journal-ref")} AS journal_ref, authors_parsed, doi, categories,
               {created} AS created
        FROM {source}
    )
)
"""
