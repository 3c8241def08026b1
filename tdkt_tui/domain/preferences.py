"""What this computer's user chose last and should find again: the folder files were last picked from, how the
roster import chooses voting delegates. One small JSON file in tdkt's own folder; losing it loses nothing but
those choices, so failing to read or write it is never an error."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from tdkt_tui.domain.files import private_dir, replace_private
from tdkt_tui.domain.locations import user_dir


def _file() -> Path:
    return user_dir() / "preferences.json"


def _all() -> dict[str, Any]:
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(_file().read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    return {}


def get(key: str, default: str = "") -> str:
    """The text stored under ``key``, or ``default``."""
    value = _all().get(key)
    return value if isinstance(value, str) else default


def put(key: str, value: str) -> None:
    """Store ``value`` under ``key`` (0600, replaced atomically); failing to is not worth an error."""
    data = _all()
    if data.get(key) == value:
        return
    data[key] = value
    with contextlib.suppress(OSError):
        private_dir(_file().parent, parents=True)
        replace_private(_file(), json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
