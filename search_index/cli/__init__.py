"""The scriptable ``newsdesk`` subcommands (no Textual import)."""
