"""The query language, engine-neutral: parsing, field names and dates (no Whoosh import)."""
