"""Stories across sources, engine-neutral: duplicate keys (``sketch``), duplicate groups
(``groups``) and date buckets (``timeline``). No Whoosh here; ``engine/`` stores and serves
what these compute."""
