"""Where things live: the shipped demo and samples, the default conference, the last conference used."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import traceback
from pathlib import Path

from platformdirs import user_data_path

from tdkt_tui.domain.files import append_private, private_dir, replace_private

APP_NAME = "tdkt-tui"


def shipped_data() -> Path:
    """The ``data/`` folder: inside the wheel as ``tdkt_tui/_data``, beside the package in a source checkout."""
    package = Path(__file__).parent.parent
    inside = package / "_data"
    return inside if inside.is_dir() else package.parent / "data"


def user_dir() -> Path:
    """The per-user data folder (overridable with ``$TDKT_HOME``, which the tests use)."""
    override = os.environ.get("TDKT_HOME")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def default_conference() -> Path:
    return user_dir() / "conference"


def _last_file() -> Path:
    return user_dir() / "last-conference.txt"


def last_conference() -> Path | None:
    """The conference folder opened last, if it still exists."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        path = Path(_last_file().read_text(encoding="utf-8").strip())
        if path.is_dir():
            return path
    return None


def remember_conference(folder: Path) -> None:
    """Remember ``folder`` for the next start without a path; failing to is not worth an error."""
    with contextlib.suppress(OSError):
        private_dir(user_dir(), parents=True)
        replace_private(_last_file(), str(folder.resolve()).encode("utf-8"))


def new_demo_folder() -> Path:
    """A fresh folder for a copy of the demo conference."""
    base = user_dir() / "demo"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = base / stamp
    n = 1
    while folder.exists():
        n += 1
        folder = base / f"{stamp}-{n}"
    return folder


def log_crash(exc: BaseException | str) -> str:
    """Append a traceback (of ``exc``, or as already written) to the user folder's ``crash.log`` and return its path
    ("—" when even that fails)."""
    log = user_dir() / "crash.log"
    details = exc if isinstance(exc, str) else "".join(traceback.format_exception(exc))
    try:
        private_dir(log.parent, parents=True)
        append_private(log, f"--- {dt.datetime.now().isoformat()}\n{details.rstrip()}\n")
    except OSError:
        return "—"
    return str(log)


def open_with_system(path: Path) -> bool:
    """Open a file (a unit's report) with the system's viewer; False when the file or a viewer is missing."""
    import subprocess
    import sys

    if not path.is_file():
        return False
    try:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]  # noqa: S606 - the user's own file
            return True
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    except OSError:
        return False
    return True
