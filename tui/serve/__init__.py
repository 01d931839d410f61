"""``newsdesk serve``: the reader in a web browser (textual-serve), offline and locked.

``cli.py`` (options, checks), ``server.py`` (aiohttp: page, assets, websockets, limits),
``access.py`` (loopback or token), ``session.py`` (a reader process per tab),
``child.py``/``driver.py`` (the served reader's side). Nothing here is imported by the
reader itself: only ``newsdesk serve`` loads aiohttp.
"""
