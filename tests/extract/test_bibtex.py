"""BibTeX: the real d2l bibliography and hand-made edge cases."""

from __future__ import annotations

from pathlib import Path

from graphkit.extract import detect_format, extract


def test_d2l_bibliography(shared_data: Path) -> None:
    path = shared_data / "bibtex-ml" / "d2l.bib"
    assert detect_format(path) == "bibtex"
    result = extract(path)
    assert len(result.papers) == 488 and result.skipped == []
    tensorflow = result.papers[0]
    assert tensorflow.title == "TensorFlow: A system for large-scale machine learning"
    assert tensorflow.author_names[:2] == ["Martín Abadi", "Paul Barham"]
    assert not tensorflow.authors_complete  # "and et al." in the source
    assert tensorflow.venue == "12th USENIX Symposium on Operating Systems Design and Implementation (OSDI 16)"
    assert str(tensorflow.date) == "2016-01-01" and tensorflow.date_precision == "year"
    cnn = next(p for p in result.papers if p.title == "Convolutional neural networks for speech recognition")
    assert cnn.authors_complete and cnn.author_count == 6 and cnn.author_names[1] == "Abdel-Rahman Mohamed"


def test_strings_quotes_comments_and_a_broken_entry(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        '@string{neurips = "Advances in Neural Information Processing Systems"}\n'
        "@comment{ignored {nested} text}\n"
        '@inproceedings{vaswani2017, title = "Attention is All you {N}eed", author = {Vaswani, Ashish and others},\n'
        "  booktitle = neurips, year = 2017, month = dec, eprint = {1706.03762}, archivePrefix = {arXiv}}\n"
        "@article{broken, title = {No closing brace}, author = {Doe, Jane}, year = 2020,\n"
        "@article{kept, title = {Still read}, author = {Roe, R. and Doe, J.}, doi = {10.1000/XYZ}, year = {2021}}\n",
        "utf-8",
    )
    result = extract(bib)
    (paper,) = result.papers[:1]
    assert (paper.title, paper.venue, paper.ids.arxiv) == (
        "Attention is All you Need", "Advances in Neural Information Processing Systems", "1706.03762")  # fmt: skip
    assert (str(paper.date), paper.date_precision, paper.authors_complete) == ("2017-12-01", "month", False)
    assert len(result.skipped) == 1 and result.skipped[0].line == 5
    kept = result.papers[1]
    assert (kept.title, kept.author_names, kept.ids.doi) == ("Still read", ["R. Roe", "J. Doe"], "10.1000/xyz")
