"""``python -m reader``: the same as the ``reader`` command."""

from reader.cli import main

raise SystemExit(main())
