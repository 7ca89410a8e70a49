"""DBLP XML: streamed, entities resolved without the DTD, safe against entity expansion."""

from __future__ import annotations

from pathlib import Path

from graphkit.extract import detect_format, extract


def test_excerpt(shared_data: Path) -> None:
    path = shared_data / "dblp" / "2015-excerpt" / "dblp2.xml"
    assert detect_format(path) == "dblp"
    result = extract(path)
    assert len(result.papers) == 577 and result.skipped == []
    berton = next(p for p in result.papers if p.ids.dblp == "series/cogtech/BertonKHS06")
    assert berton.author_names[0] == "André Berton"  # &eacute; resolved without the DTD
    assert (berton.title, berton.ids.doi, berton.venue, berton.date_precision) == (
        "Speech Recognition", "10.1007/3-540-36678-4_6", "SmartKom", "year")  # fmt: skip


def test_every_record_type(shared_data: Path) -> None:
    result = extract(shared_data / "dblp" / "2020-alltags" / "allTagsData.xml")
    assert len(result.papers) == 26
    umlaut = [p for p in result.papers if p.venue and "Universität Trier" in p.venue]
    assert umlaut


def test_entity_expansion_and_external_entities_are_not_followed(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE dblp [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c SYSTEM "file:///etc/passwd">]>\n<dblp><article key="x/1"><author>A &b; &c;</author>'
        "<title>T</title><year>2000</year></article></dblp>\n"
    )
    result = extract(bomb, format="dblp")
    (paper,) = result.papers
    assert "aaaa" not in paper.author_names[0] and "root" not in paper.author_names[0]
    assert any("unknown entities" in w for w in result.reports[0].warnings)


def test_person_pages_are_reported_not_dropped(tmp_path: Path) -> None:
    page = tmp_path / "www.xml"
    page.write_text('<dblp><www key="homepages/1"><author>Wei Wang 0001</author><title>Home Page</title></www>'
                    '<article key="j/1"><author orcid="0000-0002-1825-0097">Wei Wang 0001</author>'
                    "<title>A paper.</title><year>2020</year></article></dblp>")  # fmt: skip
    result = extract(page, format="dblp")
    assert len(result.skipped) == 1 and "not a publication" in result.skipped[0].reason
    (author,) = result.papers[0].authors
    assert author.name == "Wei Wang" and author.ids is not None
    assert (author.ids.dblp, author.ids.orcid) == ("Wei Wang 0001", "0000-0002-1825-0097")
