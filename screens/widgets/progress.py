"""A modal that runs a long job (badges for hundreds of people) in a thread, with a progress bar; it returns the
job's result, or None after an error it has shown. Keys typed meanwhile are not lost: the app's keyboard keeps them
for the screen underneath (``HOLDS_KEYS``), and the dialog says how many wait."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from tdkt_tui.domain.errors import TdktError
from tdkt_tui.domain.i18n import _

T = TypeVar("T")


class JobScreen(ModalScreen[T | None], Generic[T]):
    """Runs ``job(progress)``; ``progress(done, total)`` moves the bar."""

    DEFAULT_CSS = """
    JobScreen { align: center middle; }
    JobScreen > Vertical { width: 70; max-width: 100%; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    JobScreen ProgressBar { margin-top: 1; }
    JobScreen #held { color: $warning; height: auto; }
    """
    #: The app's keyboard gate keeps every key typed while this is in front, for the screen underneath.
    HOLDS_KEYS = True

    class Step(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    def __init__(self, title: str, job: Callable[[Callable[[int, int], None]], T]) -> None:
        super().__init__()
        self.title_text = title
        self.job = job

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text)
            yield ProgressBar(id="bar", show_eta=False)
            yield Static("", id="held")

    def keys_held(self, count: int) -> None:
        """Told by the app's keyboard: ``count`` keys typed meanwhile wait for the screen underneath."""
        if self.is_mounted:
            self.query_one("#held", Static).update(
                _("{count} keys typed meanwhile will go to the screen underneath when this is done.", count=count)
                if count else "")

    def on_mount(self) -> None:
        self.run_job()

    @work(thread=True)
    def run_job(self) -> None:
        try:
            result: Any = self.job(lambda done, total: self.post_message(self.Step(done, total)))
        except (TdktError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, result)

    def _failed(self, message: str) -> None:
        self.app.bell()
        self.notify(message, severity="error", timeout=10)
        self.dismiss(None)

    def on_job_screen_step(self, message: Step) -> None:
        self.query_one("#bar", ProgressBar).update(total=message.total, progress=message.done)
