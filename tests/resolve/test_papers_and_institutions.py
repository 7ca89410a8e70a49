"""Paper and institution resolution on constructed cases."""

from __future__ import annotations

from graphkit.core.models import InstitutionRef
from graphkit.core.text import decode_tex, fold, normalise_title
from graphkit.resolve.institutions import InstitutionResolver
from graphkit.resolve.papers import PaperResolver

m = PaperResolver.mention


def test_ids_merge_whatever_the_titles() -> None:
    a = m("Attention is all you need", 2017, ["Ashish Vaswani"], {"arxiv": "1706.03762"})
    b = m("Attention Is All You Need (NeurIPS version)", 2017, [], {"arxiv": "1706.03762", "doi": "10.5555/x"})
    assert PaperResolver().resolve([a, b]).cluster_of == [0, 0]


def test_different_dois_are_never_merged_on_title() -> None:
    a = m("Deep learning for physics problems", 2020, ["A Smith"], {"doi": "10.1/a"})
    b = m("Deep learning for physics problems", 2020, ["A Smith"], {"doi": "10.1/b"})
    clustering = PaperResolver().resolve([a, b])
    assert clustering.cluster_of == [0, 1]
    assert "different doi ids" in clustering.decisions[0].evidence


def test_title_merge_checks_year_and_authors() -> None:
    base = m("Learning to rank with neural networks", 2019, ["Jane Doe"])
    next_year = m("Learning to Rank with Neural Networks", 2020, ["Jane Doe"])
    much_later = m("Learning to rank with neural networks", 2015, ["Jane Doe"])
    other_people = m("Learning to rank with neural networks", 2019, ["Bob Roe"])
    undated = m("Learning to rank: with neural networks!", None, [])
    clustering = PaperResolver().resolve([base, next_year, much_later, other_people, undated])
    assert clustering.cluster_of == [0, 0, 2, 3, 0]


def test_short_titles_never_merge_on_title() -> None:
    assert PaperResolver().resolve([m("Introduction", 2020), m("Introduction", 2020)]).cluster_of == [0, 1]


def test_institution_slug_and_organisation_name() -> None:
    refs = [
        InstitutionRef(name="harvard", slug="harvard"),
        InstitutionRef(name="Harvard University", slug="harvard"),
        InstitutionRef(name="Harvard University", ror="https://ror.org/03vek6s52"),
        InstitutionRef(name="Some Lab"),
        InstitutionRef(name="some-lab"),
        InstitutionRef(name="Other Lab", ror="https://ror.org/000000000"),
    ]
    clustering = InstitutionResolver().resolve([InstitutionResolver.mention(r) for r in refs])
    assert clustering.cluster_of[:3] == [clustering.cluster_of[0]] * 3
    assert clustering.cluster_of[3] == clustering.cluster_of[4] != clustering.cluster_of[0]
    assert len(set(clustering.cluster_of)) == 3


def test_text_normalisation() -> None:
    assert decode_tex(r"Bal\'azs Szegedy and Erd\H{o}s") == "Balázs Szegedy and Erdős"
    assert fold(r"J.-B. Zuber") == "j b zuber"
    assert normalise_title("$\\mu$P: Learning") == normalise_title("μP learning")
