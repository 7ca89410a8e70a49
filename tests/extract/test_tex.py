"""TeX in names, titles and abstracts of the real corpora comes out as Unicode text; math stays as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphkit.core.text import decode_tex, decode_tex_text, fold
from graphkit.extract import extract

_RESIDUE = re.compile(r"\\(?:[A-Za-z]+|[&%#_])|[{}]|[A-Za-z]\"[aouAOU]")
# An unclosed $ (a submitter's typo) runs to the end.
_MATH = re.compile(r"\$\$.*?\$\$|\$.*?(?:\$|\Z)|\\\(.*?\\\)", re.S)


@pytest.fixture(scope="module")
def hepth_papers(shared_data: Path) -> list:  # type: ignore[type-arg]
    return extract(sorted((shared_data / "snap-cit-HepTh" / "abstracts").glob("*.tar.gz"))).papers


def test_hepth_names_and_titles_hold_no_tex(hepth_papers: list) -> None:  # type: ignore[type-arg]
    names = {author.name for paper in hepth_papers for author in paper.authors}
    assert "Jürgen Fuchs" in names and not any('J"urgen' in n for n in names)  # German shorthand, hep-th/9609124
    assert not [n for n in names if _RESIDUE.search(n)]
    titles = {paper.ids.arxiv: paper.title for paper in hepth_papers}
    assert not [t for t in titles.values() if _RESIDUE.search(_MATH.sub("", t))]
    # "Chiral Symmetry {\it Breaking} in …" (hep-th/0008040)
    assert titles["hep-th/0008040"].startswith("Chiral Symmetry Breaking in the Light-Cone Representation ($M_")
    assert any(t.startswith("Covariant $W$ Gravity & its Moduli Space") for t in titles.values())


def test_hepth_abstracts_decode_text_and_keep_math(hepth_papers: list) -> None:  # type: ignore[type-arg]
    abstracts = [p.abstract for p in hepth_papers if p.abstract]
    assert not [a for a in abstracts if re.search(r"\{\\(?:it|em|bf) ", _MATH.sub("", a))]
    assert sum("$" in a for a in abstracts) > 5000  # math is kept


def test_bibtex_ties_and_the_snapshot_abstracts(shared_data: Path) -> None:
    bib = extract(shared_data / "bibtex-ml" / "d2l.bib").papers
    names = {a.name for p in bib for a in p.authors}
    assert "O. L. Mangasarian" in names and not [n for n in names if "~" in n or _RESIDUE.search(n)]
    snapshot = extract(shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl").papers
    by_id = {p.ids.arxiv: p for p in snapshot}
    assert "{\\em" not in (by_id["0704.0052"].abstract or "") and "Lorentzian" in (by_id["0704.0052"].abstract or "")


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (r"Fran\c{c}ois \v{S}koda", "François Škoda"),
        (r"as shown in \cite{G2}", "as shown in <cit.>"),  # a command, not a cedilla over "i"
        (r"{\it vs.}\ Landau-Ginzburg", "vs. Landau-Ginzburg"),
        (r"Interactions \\ in $c=1$ $2D$ Gravity", "Interactions in $c=1$ $2D$ Gravity"),
        ("see http://x.org/~user at z~2.5", "see http://x.org/~user at z~2.5"),
    ],
)
def test_decode_tex(raw: str, text: str) -> None:
    assert " ".join(decode_tex(raw).split()) == text


def test_running_text_keeps_math_and_approximations() -> None:
    raw = r"radius $\la r^2\ra$ at z~2.56, {\bf 98} cases \& Schr\"{o}dinger's \[ L_{e_i} \]"
    assert decode_tex_text(raw) == r"radius $\la r^2\ra$ at z~2.56, 98 cases & Schrödinger's \[ L_{e_i} \]"
    assert fold('J"urgen Fuchs') == fold("Jürgen Fuchs") == "jurgen fuchs"
