"""Staged tables: each source file's records as typed columnar tables (Arrow in memory, Parquet on disk).

The pydantic records of :mod:`graphkit.core.models` are the public record API and the schema of these
tables (:mod:`graphkit.stage.tables` declares the mapping once, both ways). Bulk formats fill the
tables without a Python object per record (:mod:`graphkit.stage.snapshot` for the arXiv snapshot, whose scan
:mod:`graphkit.stage.plan` writes once for DuckDB and Spark SQL). Staging runs in process on DuckDB, or on Spark
(:mod:`graphkit.stage.spark`), with the same tables.
"""
