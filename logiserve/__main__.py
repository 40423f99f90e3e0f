"""``python -m logiserve``: the ``logiserve`` command."""

from .cli import main

raise SystemExit(main())
