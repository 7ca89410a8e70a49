"""Text normalisation shared by the resolvers: TeX accents, Unicode accents, punctuation.

Normalised forms are keys for comparison only; display text is never changed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["decode_tex", "fold", "normalise_title"]

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
_TEX_ACCENT_RE = re.compile(r"""\\([\'`^"~=.uvHckrd])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))""")
_TEX_LETTER_RE = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*(?:\{\})?")
_NON_WORD = re.compile(r"[^\w]+")


def decode_tex(text: str) -> str:
    """Turn TeX accent commands into Unicode (``C. Bal\\'azs`` → ``C. Balázs``) and drop braces.

    Examples
    --------
    >>> decode_tex(r"C. Bal\\'azs"), decode_tex(r"Erd{\\H o}s"), decode_tex(r"M\\"{u}ller"), decode_tex(r"\\O{}ksendal")
    ('C. Balázs', 'Erdős', 'Müller', 'Øksendal')
    """
    if "\\" not in text and "{" not in text:
        return text

    def accent(match: re.Match[str]) -> str:
        letter = match[2] or match[3]
        # An accent over the dotless \i or \j is the accented ordinary letter (\'\i is í).
        base = {"\\i": "i", "\\j": "j"}.get(letter) or (
            _TEX_LETTERS.get(letter[1:], letter[1:]) if letter.startswith("\\") else letter
        )
        return unicodedata.normalize("NFC", base + _TEX_ACCENTS[match[1]])

    text = _TEX_GREEK_RE.sub(lambda m: _GREEK[m[1]], text)
    text = _TEX_ACCENT_RE.sub(accent, text)
    text = _TEX_LETTER_RE.sub(lambda m: _TEX_LETTERS[m[1]], text)
    return text.replace("{", "").replace("}", "")


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lower-case, strip accents and TeX, and turn punctuation runs into single spaces.

    Examples
    --------
    >>> fold("Carles Domingo-Enrich"), fold("Stéphane d'Ascoli"), fold("  Sham  M. Kakade ")
    ('carles domingo enrich', 'stephane d ascoli', 'sham m kakade')
    """
    if text.isascii() and "\\" not in text and "{" not in text:
        return _NON_WORD.sub(" ", text.lower()).replace("_", " ").strip()
    text = unicodedata.normalize("NFKD", decode_tex(text))
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
    return fold(decode_tex(title).replace("$", ""))
