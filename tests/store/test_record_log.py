"""Every record every extractor yields from the real samples survives the record log unchanged.

A build keeps its records in the log and `analyze` re-reads them; a field the log drops (it leaves out
nulls) must therefore have a default — an OpenAlex work without a title once broke `analyze`.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.extract import extract
from graphkit.store.records import read_record_log, write_record_log
from tests.conftest import EXAMPLES


def test_records_of_every_source_round_trip(shared_data: Path, tmp_path: Path) -> None:
    sources = [
        EXAMPLES,
        shared_data / "openalex" / "works_page1_per25.json",
        shared_data / "arxiv-oai-pmh" / "ListRecords_metadataPrefix-arXiv_set-cs_page1.xml",
        shared_data / "arxiv-kaggle-oai-snapshot" / "arxiv-metadata-oai-snapshot.head200.jsonl",
        shared_data / "arxiv-api-atom" / "xml-2016" / "search_au-del_maestro.xml",
        shared_data / "semantic-scholar" / "Paper.json",
        shared_data / "semantic-scholar" / "Author.json",
        shared_data / "dblp" / "2015-excerpt" / "dblp2.xml",
        shared_data / "bibtex-ml" / "d2l.bib",
    ]
    records = [record for path in sources for record in extract([path]).records]
    assert any(getattr(r, "title", "") is None for r in records)  # the OpenAlex work without a title
    log = tmp_path / "records.jsonl.gz"
    write_record_log(log, [(str(i), r) for i, r in enumerate(records)])
    assert [record for _, record in read_record_log(log)] == records
