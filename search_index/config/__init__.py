"""The user's ``config.toml``: reading it into a frozen ``Config`` and the commented default."""
