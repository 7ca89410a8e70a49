"""Text normalisation: TeX decoded to Unicode for display (:func:`decode_tex`, :func:`decode_tex_text`), and
folded keys for comparison (:func:`fold`, :func:`normalise_title`), which never change the display text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = ["RUNNING_TEX_RE2", "decode_tex", "decode_tex_text", "fold", "normalise_title"]

# TeX accent commands and the Unicode combining mark each stands for.
_TEX_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
}  # fmt: skip
_TEX_LETTERS = {
    "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "aa": "å",
    "AA": "Å", "i": "ı", "j": "ȷ",
}  # fmt: skip
_GREEK_NAMES = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi chi "
    "psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
_GREEK = dict(zip(_GREEK_NAMES.split(), "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩ", strict=True))
_TEX_GREEK_RE = re.compile(r"\\(" + "|".join(sorted(_GREEK, key=len, reverse=True)) + r")(?![A-Za-z])\s*")
# A letter accent command ends at its letter: ``\c{c}`` and ``\c c`` are accents, ``\cite`` is not.
_TEX_ACCENT_RE = re.compile(r"""\\([\'`^"~=.]|[uvHckrd](?![A-Za-z]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))""")
_TEX_LETTER_RE = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*(?:\{\})?")
_NON_WORD = re.compile(r"[^\w]+")
# German shorthand (german.sty, common in old arXiv headers): ``J"urgen``, inside a word only (a quote before a
# word opens a quotation).
_UMLAUTS = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
_GERMAN_UMLAUT_RE = re.compile(r'(?<=[A-Za-z])"([aouAOU])')
# A tie between initials or words (``O.~L.~Mangasarian``), not a tilde in a path or URL (``/~user``).
# "z~2.56" and "~500 km/s" read "about", so a tie is only taken between letters, initials and commands.
_TEX_TIE_RE = re.compile(r"(?<=[A-Za-z.])~(?=[A-Za-z\\{])")
# Font commands and escaped characters of running text (abstracts), decoded without a parser.
_FONT_OPENING_RE = re.compile(
    r"\{\\(?:it|em|bf|sl|sc|rm|tt|sf|small|large)(?![A-Za-z])\s*"
    r"|\\(?:textit|emph|textbf|textsl|textsc|textrm|texttt|textsf|mbox)\s*\{"
)
_BARE_GROUP_RE = re.compile(r"(?<![\w^_\\])\{([^{}\\$]*)\}")
# Where :func:`decode_tex_text` changes anything (it leaves text without a match as it is): font commands,
# escapes, accents, special letters, German umlauts, ties, groups of plain words. Every branch starts with its
# one literal character, so the scan skips ahead; conditions on what precedes are look-behinds after it.
_RUNNING_TEX_RE = re.compile(
    r"\\(?:(?:textit|emph|textbf|textsl|textsc|textrm|texttt|textsf|mbox)\s*\{|[&%#_'`^\"~=.]"
    r"|[uvHckrd](?![A-Za-z])|(?:ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z]))"
    r"|\{(?:\\(?:it|em|bf|sl|sc|rm|tt|sf|small|large)(?![A-Za-z])|(?<![\w^_\\]\{)[^{}\\$]*\})"
    r'|"(?<=[A-Za-z]")[aouAOU]|~(?<=[A-Za-z.]~)[A-Za-z\\{]'
)
# The same test for DuckDB's RE2, which has no look-around (what precedes or follows is matched instead): it
# may flag a little more than the Python test (a quote after any character), never less.
RUNNING_TEX_RE2 = (
    r"\\(?:(?:textit|emph|textbf|textsl|textsc|textrm|texttt|textsf|mbox)\s*\{|[&%#_'`^\"~=.]"
    r"|(?:[uvHckrd]|ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?:[^A-Za-z]|$))"
    r"|\{\\(?:it|em|bf|sl|sc|rm|tt|sf|small|large)(?:[^A-Za-z]|$)|(?:^|[^\w^_\\])\{[^{}\\$]*\}"
    r'|"[aouAOU]|~[A-Za-z\\{]'
)
"""The same test as a pattern for DuckDB's ``regexp_matches``."""
_TEX_ESCAPE_RE = re.compile(r"\\([&%#_])")
_TEX_MATH_SPLIT_RE = re.compile(r"(\$\$.*?\$\$|\$.*?\$|\\\[.*?\\\]|\\\(.*?\\\))", re.S)
_SPACES_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
# TeX left over after the fast rules: a command (``\it``, ``\&``, ``\%``) outside math.
_TEX_COMMAND_RE = re.compile(r"\\(?:[A-Za-z]+|[&%$#_{}])")


def _may_hold_tex(text: str) -> bool:
    """Whether ``text`` has any character TeX decoding acts on (most text has none: it is returned as it is)."""
    return "\\" in text or "{" in text or "}" in text or "~" in text or '"' in text


def decode_tex(text: str) -> str:
    """Turn TeX into Unicode text: accents (``C. Bal\\'azs`` → ``C. Balázs``), ties (``O.~L.~Mangasarian``), German
    shorthand umlauts (``J"urgen``), escaped characters and font commands (``\\&``, ``{\\it …}``); math
    (``$…$``) is kept as written.

    The common cases — accent commands, special letters, Greek letters — are decoded by a few regular
    expressions (16–46× faster than pylatexenc alone on the real corpora, ``benchmarks/bench_tex.py``; decoding
    every name of a corpus is on the path of every build); whatever TeX is left after them goes to pylatexenc's
    parser.

    Examples
    --------
    >>> decode_tex(r"C. Bal\\'azs"), decode_tex(r"Erd{\\H o}s"), decode_tex(r"M\\"{u}ller"), decode_tex(r"\\O{}ksendal")
    ('C. Balázs', 'Erdős', 'Müller', 'Øksendal')
    >>> decode_tex("O.~L.~Mangasarian"), decode_tex('J"urgen Fuchs'), decode_tex(r"{\\it Nested} Models \\& $c=1$")
    ('O. L. Mangasarian', 'Jürgen Fuchs', 'Nested Models & $c=1$')
    """
    if not _may_hold_tex(text):
        return text
    return _decode_tex(text, keep_math=True)


@lru_cache(maxsize=262144)
def _decode_tex(text: str, *, keep_math: bool) -> str:
    """The rules of :func:`decode_tex`; ``keep_math=False`` decodes math too (``$\\mu$P`` → ``$μ$P``), for keys."""
    text = _GERMAN_UMLAUT_RE.sub(lambda m: _UMLAUTS[m[1]], text)
    # A tie, and TeX's line break, are spaces.
    text = _SPACES_RE.sub(" ", _TEX_TIE_RE.sub(" ", text).replace("\\\\", " "))
    if "\\" not in text and "{" not in text and "}" not in text:
        return text
    # Math is kept as written (``$A_{N-1}$`` is not ``$A_N-1$``); the rules decode the text around it.
    pieces = _TEX_MATH_SPLIT_RE.split(text) if keep_math else [text]
    for index in range(0, len(pieces), 2):
        piece = _TEX_GREEK_RE.sub(lambda m: _GREEK[m[1]], pieces[index])
        piece = _TEX_ACCENT_RE.sub(_accent, piece)
        pieces[index] = _TEX_LETTER_RE.sub(lambda m: _TEX_LETTERS[m[1]], piece)
    if any(_TEX_COMMAND_RE.search(pieces[index]) for index in range(0, len(pieces), 2)):
        return _parse_tex("".join(pieces))
    return "".join(
        piece if index % 2 else piece.replace("{", "").replace("}", "") for index, piece in enumerate(pieces)
    )


def decode_tex_text(text: str) -> str:
    """Decode the TeX of running text (abstracts) outside its math: accents, special letters, German umlauts,
    ties, escaped characters (``\\&``) and font commands (``{\\em Lorentzian}``); math (``$…$``, ``\\[…\\]``,
    ``\\(…\\)``) and any other command stay as written.

    No parser here: an abstract is long, a third of arXiv's hold TeX, and pylatexenc takes milliseconds on each
    (``benchmarks/bench_tex.py``).

    Examples
    --------
    >>> print(decode_tex_text(r"The {\\em Lorentzian} path integral \\& Schr\\"{o}dinger's $\\alpha \\sim 1$ at z~2.5"))
    The Lorentzian path integral & Schrödinger's $\\alpha \\sim 1$ at z~2.5
    """
    if ("\\" not in text and "{" not in text and "~" not in text and '"' not in text) or not _RUNNING_TEX_RE.search(
        text
    ):
        return text
    # A font group may hold math (``{\\em If $A$ is …}``): its command and braces go before math is set apart.
    text = _strip_font_groups(text)
    pieces = _TEX_MATH_SPLIT_RE.split(text)
    # Odd pieces are math (the split keeps its delimiters' matches).
    return "".join(piece if index % 2 else _decode_running(piece) for index, piece in enumerate(pieces))


def _decode_running(text: str) -> str:
    # Each rule runs only where its character occurs: most pieces between math hold none.
    if '"' in text:
        text = _GERMAN_UMLAUT_RE.sub(lambda m: _UMLAUTS[m[1]], text)
    if "~" in text:
        text = _TEX_TIE_RE.sub(" ", text)
    if "\\" in text:
        text = _TEX_ESCAPE_RE.sub(lambda m: m[1], text)
        text = _TEX_ACCENT_RE.sub(_accent, text)
        text = _TEX_LETTER_RE.sub(lambda m: _TEX_LETTERS[m[1]], text)
    if "{" in text:
        # A group of plain words (``{supersymmetric}``), not a subscript or superscript (``S_{BH}``): its braces go.
        text = _BARE_GROUP_RE.sub(lambda m: m[1], text)
    return text


def _strip_font_groups(text: str) -> str:
    """Remove font commands with their braces (``{\\it x}``, ``\\emph{x}`` → ``x``), matching braces across math."""
    while match := _FONT_OPENING_RE.search(text):
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0) if text[end - 1] != "\\" else 0
            end += 1
        if depth:  # unbalanced: leave the rest as it is
            return text[: match.start()] + text[match.end() :]
        text = text[: match.start()] + text[match.end() : end - 1] + text[end:]
    return text


def _accent(match: re.Match[str]) -> str:
    letter = match[2] or match[3]
    # An accent over the dotless \i or \j is the accented ordinary letter (\'\i is í).
    base = {"\\i": "i", "\\j": "j"}.get(letter) or (
        _TEX_LETTERS.get(letter[1:], letter[1:]) if letter.startswith("\\") else letter
    )
    return unicodedata.normalize("NFC", base + _TEX_ACCENTS[match[1]])


_PARSER: Any = None
"""pylatexenc's converter, made on first use."""


def _parse_tex(text: str) -> str:
    """Text with TeX the regular expressions do not decode, through pylatexenc (math kept as written)."""
    global _PARSER
    if _PARSER is None:
        from pylatexenc.latex2text import LatexNodes2Text  # imported on first need: most text holds no TeX

        _PARSER = LatexNodes2Text(math_mode="verbatim")
    try:
        decoded = _PARSER.latex_to_text(text)
    except Exception:  # a parser failure on odd input leaves the text as the rules left it
        return text.replace("{", "").replace("}", "")
    return str(decoded).replace("\xa0", " ")


def _key_text(text: str) -> str:
    """TeX decoded for a comparison key: math too, so ``$\\mu$P`` and ``μP`` meet."""
    if not _may_hold_tex(text):
        return text
    return _decode_tex(text, keep_math=False)


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lower-case, strip accents and TeX, and turn punctuation runs into single spaces.

    Examples
    --------
    >>> fold("Carles Domingo-Enrich"), fold("Stéphane d'Ascoli"), fold("  Sham  M. Kakade ")
    ('carles domingo enrich', 'stephane d ascoli', 'sham m kakade')
    """
    if text.isascii() and not _may_hold_tex(text):
        return _NON_WORD.sub(" ", text.lower()).replace("_", " ").strip()
    text = unicodedata.normalize("NFKD", _key_text(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ø", "o").replace("ł", "l").replace("ß", "ss").replace("æ", "ae").replace("œ", "oe")
    return _NON_WORD.sub(" ", text.casefold()).replace("_", " ").strip()


def normalise_title(title: str) -> str:
    r"""The comparison key of a title: folded, with TeX math and spacing differences removed.

    Examples
    --------
    >>> normalise_title("Dependence of $\\mu$P Learning Rates") == normalise_title("Dependence of μP learning rates")
    True
    """
    return fold(_key_text(title).replace("$", ""))
