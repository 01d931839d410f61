"""Feed subscriptions: fetch RSS/Atom feeds over HTTP and keep their items as a corpus.

Each subscribed feed's items live in ``data_dir()/feeds/<slug>.jsonl`` (JSON Lines, the format
``ingest.jsonl`` reads), merged across fetches by a stable item key so that an updated item
replaces its old version and keeps its article id (and so its read state). The folder is an
extra corpus root with a reserved path prefix (``root.FEEDS_PREFIX``), so subscribing never
changes the ids of the user's own articles nor the index they live in.

Modules: ``root`` (where the items live; cheap, imported by the indexer), ``subscriptions``
(the subscription list and its lock), ``http`` (one conditional GET), ``store`` (parsing a
fetched feed and merging it into its JSON Lines file), ``fetch`` (every feed, concurrently).
"""
