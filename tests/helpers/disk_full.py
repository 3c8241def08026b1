"""Run the ``tdkt`` command with a disk that fills up under ``exports/``: ``python disk_full.py ROOM tdkt-args...``
(writes to files under an ``exports`` folder succeed for ``ROOM`` bytes in all, then fail with ENOSPC; see
``tests/helpers/faults.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.helpers import faults  # noqa: E402

faults.install_disk("/exports/")
faults.fill_disk(int(sys.argv[1]))

from tdkt_tui.cli import main  # noqa: E402

sys.exit(main(sys.argv[2:]))
