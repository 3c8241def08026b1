"""``python -m tdkt_tui`` runs the CLI."""

from tdkt_tui.cli import main

raise SystemExit(main())
