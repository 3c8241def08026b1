"""A terminal door desk in its own process: the real app, headless, on its check-in screen, reporting its scan log.

Run as ``python tests/helpers/terminal_desk.py FOLDER``. It prints ``ready`` once the check-in screen shows, then,
for every row that appears in the scan log the screen shows (drawn there by the app's own refresh from other
desks), one line ``row <monotonic seconds> <input>\\t<desk>``. It stops when stdin closes.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from screens.widgets.rowtable import RowTable  # noqa: E402
from tdkt_tui.ui.app import make_app  # noqa: E402


async def main(folder: str) -> None:
    app = make_app(Path(folder), lang="en", desk="Terminal")
    async with app.run_test(size=(140, 40)) as pilot:
        app.switch_mode("checkin")
        await pilot.pause()
        log = app.screen.query_one("#log", RowTable)
        seen = {key for key, _ in log.rows}
        print("ready", flush=True)
        closed = asyncio.ensure_future(asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline))
        while not closed.done():
            for key, cells in log.rows:
                if key not in seen:
                    seen.add(key)
                    print(f"row {time.monotonic():.3f} {cells[2]}\t{cells[3]}", flush=True)
            await asyncio.sleep(0.01)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
