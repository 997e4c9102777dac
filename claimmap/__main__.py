"""``python -m claimmap``: the command line."""

from claimmap.cli import main

raise SystemExit(main())
