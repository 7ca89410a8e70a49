"""Staging is lossless: every record of every real sample survives records -> tables -> Parquet -> records."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from graphkit.extract import extract
from graphkit.stage.tables import SCHEMAS, StagedTables, records_to_tables, tables_to_records
from tests.conftest import EXAMPLES

_SAMPLES = [
    "arxiv-kaggle-oai-snapshot", "arxiv-oai-pmh", "arxiv-api-atom/xml-2016", "openalex", "semantic-scholar", "dblp",
    "bibtex-ml", "snap-cit-HepTh/abstracts/cit-HepTh-abstracts-1992.tar.gz",
    "snap-cit-HepTh/cit-HepTh-subset-2000-2002_df_formatted.csv",
]  # fmt: skip


@pytest.mark.parametrize("sample", ["examples", *_SAMPLES])
def test_round_trip_through_parquet(sample: str, shared_data: Path, tmp_path: Path) -> None:
    path = EXAMPLES if sample == "examples" else shared_data / sample
    records = extract(path).records
    assert records, sample
    tables = records_to_tables(records)
    assert tables.records == len(records)
    for name, schema in SCHEMAS.items():
        assert tables.table(name).schema == schema
        pq.write_table(tables.table(name), tmp_path / f"{name}.parquet")
    reread = StagedTables(**{name: pq.read_table(tmp_path / f"{name}.parquet") for name in SCHEMAS})
    assert list(tables_to_records(reread)) == records


def test_each_kind_of_row(shared_data: Path) -> None:
    openalex = records_to_tables(extract(shared_data / "openalex").records)
    assert openalex.papers.num_rows == 25 and openalex.authors.num_rows == 445
    assert openalex.references.num_rows == 2073
    assert openalex.affiliations.column("ror").null_count == 0
    seeds = records_to_tables(extract(EXAMPLES).records)
    assert seeds.profiles.column("h_index").to_pylist() == [96]
    assert seeds.papers.num_rows == 139
