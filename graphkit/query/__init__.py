"""Reading the store: the Cypher query library, collaborator paths, name look-up, counts."""
