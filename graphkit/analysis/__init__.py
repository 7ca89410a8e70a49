"""Analytics over the knowledge graph with NetworkX: influence, structure, communities, citations,
collaborator recommendation, and whole-network statistics. Results are written back to the store as
node properties (``graphkit analyze``) so that Cypher can rank and filter by them."""
