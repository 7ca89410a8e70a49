"""Exports of the knowledge graph to files other tools read."""
