"""Everything that knows Whoosh: the schema, the index files, the indexer and the searcher."""
