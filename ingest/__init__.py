"""Ingest: read cluster documents, find actors, technologies and relations with spaCy, and store them as RDF."""
