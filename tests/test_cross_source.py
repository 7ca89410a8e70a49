"""The same paper from arXiv, OpenAlex and Semantic Scholar becomes one node carrying all its ids."""

from __future__ import annotations

import json
from pathlib import Path

from graphkit.store.build import build_graph


def test_one_node_from_three_sources(shared_data: Path, tmp_path: Path) -> None:
    snapshot = shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl"
    first = json.loads(snapshot.read_text("utf-8").splitlines()[0])  # 0704.0001, with a DOI
    openalex = tmp_path / "work.json"
    openalex.write_text(json.dumps({
        "id": "https://openalex.org/W2000000001", "doi": f"https://doi.org/{first['doi']}",
        "display_name": first["title"], "publication_date": "2007-04-02",
        "authorships": [{"author": {"id": "https://openalex.org/A1", "display_name": "C. Balazs"}, "institutions": []}],
        "referenced_works": ["https://openalex.org/W9"], "cited_by_count": 40,
    }))  # fmt: skip
    s2 = tmp_path / "paper.json"
    s2.write_text(json.dumps({
        "paperId": "f" * 40, "url": "https://www.semanticscholar.org/paper/" + "f" * 40, "title": first["title"],
        "externalIds": {"ArXiv": "0704.0001v2"}, "year": 2007, "authors": [{"authorId": "7", "name": "C. Balázs"}],
        "citationCount": 41,
    }))  # fmt: skip
    graph = build_graph([snapshot, openalex, s2])
    node = graph.papers["arxiv:0704.0001"]
    assert (node.arxiv_id, node.doi, node.openalex_id, node.s2_id) == (
        "0704.0001", "10.1103/physrevd.76.013009", "W2000000001", "f" * 40)  # fmt: skip
    assert len(node.sources) == 3 and node.citation_count == 41
    assert len(graph.papers) == 200 + 1  # the 200 snapshot papers plus the cited stub W9
    balazs = [
        a for a in graph.authors.values() if a.name in {"C. Balázs", "C. Balazs"} or "C. Balazs" in a.name_variants
    ]
    assert len(balazs) == 1 and balazs[0].openalex_id == "A1" and balazs[0].s2_id == "7"
