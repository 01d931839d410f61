"""``python -m search_index COMMAND``: the CLI without the reader."""

import sys

from .cli.main import main

sys.exit(main())
