"""The stores: the one schema, the embedded LadybugDB store, Neo4j, the loaders and the build pipeline."""
