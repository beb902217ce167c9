"""The RDF layer of ccg: vocabulary, IRIs, store, registry, validation and SPARQL."""
