"""The file picker: wherever a file is asked for (a roster, a score workbook, a unit's report), nobody types a path.

It opens where documents usually are — the folder a file was last picked from, else Documents, Downloads or the
Desktop — and lists the folders and the files of the types asked for, newest first. Typing filters the list
without caring for diacritics or case (``danh sach`` finds ``Danh sách đại biểu.xlsx``, through
:func:`tdkt_tui.domain.text.matches`); ↑↓ move, Enter opens a folder or picks a file, Backspace on an empty filter
goes up a folder, Tab reaches the places (Documents, Downloads, Desktop, home, USB drives), Ctrl+T shows files of
every type, and a whole path typed or pasted into the filter goes straight there. Keyboard only; the mouse works too.
"""

from __future__ import annotations

import datetime as dt
import os
import string
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from screens.base import TdktModal, TdktScreen
from screens.widgets.rowtable import Column, RowTable
from tdkt_tui.domain import preferences
from tdkt_tui.domain.i18n import N_, _, decimal
from tdkt_tui.domain.text import fold, matches

#: Where the folder a file was last picked from is remembered (tdkt's preferences, per user).
LAST_FOLDER = "last_folder"
#: Types of files, by what is asked for.
SPREADSHEETS = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
WORKBOOKS = (".xlsx", ".xlsm")
REPORTS = (".pdf", ".docx", ".doc", ".odt", ".xlsx", ".xls", ".rtf", ".jpg", ".jpeg", ".png")


@dataclass(frozen=True)
class Place:
    """A folder offered beside the list."""

    label: str
    path: Path


def _user_dir(name: str, fallback: str) -> Path:
    import platformdirs

    finder = getattr(platformdirs, f"user_{name}_dir", None)
    path = Path(finder()) if finder is not None else Path.home() / fallback
    return path


def removable_roots() -> list[Path]:
    """Where USB sticks and other drives are mounted (their folders are offered as places)."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or ""
    return [Path("/media") / user, Path("/run/media") / user, Path("/Volumes"), Path("/mnt")]


def places() -> list[Place]:
    """The folder picked from last, Documents, Downloads, Desktop, home, and removable drives (USB sticks), those
    that exist."""
    found: list[Place] = []
    last = preferences.get(LAST_FOLDER)
    if last:
        found.append(Place(N_("Last used"), Path(last)))
    found += [Place(N_("Documents"), _user_dir("documents", "Documents")),
              Place(N_("Downloads"), _user_dir("downloads", "Downloads")),
              Place(N_("Desktop"), _user_dir("desktop", "Desktop")),
              Place(N_("Home"), Path.home())]
    if sys.platform.startswith("win"):
        found += [Place(f"{letter}:\\", Path(f"{letter}:\\")) for letter in string.ascii_uppercase
                  if os.path.exists(f"{letter}:\\")]
    else:
        for base in removable_roots():
            try:
                found += [Place(p.name, p) for p in sorted(base.iterdir()) if p.is_dir()]
            except OSError:
                continue
    seen: set[Path] = set()
    unique = []
    for place in found:
        if place.path not in seen and place.path.is_dir():
            seen.add(place.path)
            unique.append(place)
    return unique


def start_folder() -> Path:
    """Where the picker opens: the folder picked from last, else Documents, Downloads, the Desktop or home."""
    for place in places():
        return place.path
    return Path.home()


def shown_path(folder: Path) -> str:
    """A folder as the picker names it: ``~/Documents`` under the home folder (POSIX), else the whole path."""
    if not sys.platform.startswith("win"):
        try:
            relative = folder.relative_to(Path.home())
        except ValueError:
            return str(folder)
        return "~" if relative == Path() else f"~/{relative.as_posix()}"
    return str(folder)


@dataclass(frozen=True)
class Entry:
    """A line of the list: the parent folder, a folder or a file."""

    path: Path
    is_dir: bool
    label: str
    size: int = 0
    modified: float = 0.0


def _size_text(size: int) -> str:
    if size < 1024:
        return _("{n} B", n=size)
    if size < 1024 * 1024:
        return _("{n} KB", n=size // 1024)
    return _("{n} MB", n=decimal(f"{size / 1024 / 1024:.1f}"))


def list_folder(folder: Path, suffixes: Sequence[str] | None) -> list[Entry]:
    """The folder's subfolders by name, then its files of ``suffixes`` (all when None) newest first; hidden files
    and Office's lock files (``~$…``) left out. Raises OSError when the folder cannot be read."""
    folders: list[Entry] = []
    files: list[Entry] = []
    with os.scandir(folder) as scan:
        for item in scan:
            name = item.name
            if name.startswith((".", "~$")):
                continue
            try:
                if item.is_dir():
                    folders.append(Entry(Path(item.path), True, name + os.sep))
                elif suffixes is None or Path(name).suffix.lower() in suffixes:
                    info = item.stat()
                    files.append(Entry(Path(item.path), False, name, info.st_size, info.st_mtime))
            except OSError:
                continue
    folders.sort(key=lambda e: fold(e.label))
    files.sort(key=lambda e: (-e.modified, fold(e.label)))
    parent = [Entry(folder.parent, True, ".." + os.sep)] if folder.parent != folder else []
    return parent + folders + files


class FilterInput(Input):
    """The filter; Backspace on an empty filter asks for the folder above."""

    class Up(Message):
        """Backspace with nothing to delete."""

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.Up())
            return
        super().action_delete_left()


class FilePicker(TdktModal[Path | None]):
    """Pick a file of ``suffixes`` (any type when empty); returns its path, or None on Esc."""

    CSS_PATH = Path(__file__).with_suffix(".tcss")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+t", "all_types", "All files"),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("alt+up", "up", "Up a folder"),
    ]

    def __init__(self, title: str, suffixes: Sequence[str] = (), start: Path | None = None) -> None:
        super().__init__()
        self.picker_title = title
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.all_types = not self.suffixes
        self.folder = start if start is not None and start.is_dir() else start_folder()
        self.entries: list[Entry] = []
        self.places = places()

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            types = ", ".join(self.suffixes)
            yield Static(f"{self.picker_title}" + (f" ({types})" if types else ""), id="picker-title")
            with Horizontal(id="picker-body"):
                yield RowTable([Column(_("Places"), 1, 10)], id="places")
                with Vertical(id="picker-main"):
                    yield Static("", id="folder")
                    yield FilterInput(placeholder=_("Type part of a name, or a whole path"), id="filter")
                    yield RowTable([Column(_("Name"), 4, 16), Column(_("Size"), 0, 7), Column(_("Modified"), 0, 16)],
                                   empty_text=_("No folder or file here matches."), id="entries")
            yield Static(_("↑↓ move · Enter opens or picks · Backspace goes up · Tab: places · Ctrl+T: every type · "
                           "Esc: cancel"), id="picker-hint")

    def on_mount(self) -> None:
        self.query_one("#places", RowTable).set_rows(
            [(i, (_(p.label) if p.label in (N_("Last used"), N_("Documents"), N_("Downloads"), N_("Desktop"),
                                             N_("Home")) else p.label,)) for i, p in enumerate(self.places)])
        self.show_folder(self.folder)
        self.query_one("#filter", FilterInput).focus()

    # -- the list ------------------------------------------------------------------------------------------------

    def show_folder(self, folder: Path, keep: Path | None = None) -> None:
        """List ``folder`` (the filter cleared); a folder that cannot be read is said and left."""
        try:
            entries = list_folder(folder, None if self.all_types else self.suffixes)
        except OSError as exc:
            self.app.bell()
            self.notify(_("Cannot open the folder {path}: {reason}.", path=str(folder),
                          reason=exc.strerror or str(exc)), severity="error", timeout=8)
            return
        self.folder, self.entries = folder, entries
        self.query_one("#folder", Static).update(shown_path(folder))
        self.query_one("#filter", FilterInput).value = ""
        self.refill(keep)

    def refill(self, keep: Path | None = None) -> None:
        query = self.query_one("#filter", FilterInput).value
        looks_like_path = self._as_path(query) is not None
        rows = []
        for i, entry in enumerate(self.entries):
            if query and not looks_like_path and (entry.label.startswith("..") or not matches(query, entry.label)):
                continue
            when = dt.datetime.fromtimestamp(entry.modified).strftime("%d/%m/%Y %H:%M") if entry.modified else ""
            rows.append((i, (entry.label, "" if entry.is_dir else _size_text(entry.size), when)))
        table = self.query_one("#entries", RowTable)
        keep_key = next((i for i, e in enumerate(self.entries) if e.path == keep), None) if keep else None
        table.set_rows(rows, keep_key=keep_key)
        if keep_key is None and rows:
            first_real = next((n for n, (i, _cells) in enumerate(rows) if not self.entries[i].label.startswith("..")),
                              0)
            table.cursor = first_real

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.refill()

    def action_move(self, step: int) -> None:
        self.query_one("#entries", RowTable).action_move(step)

    # -- choosing ------------------------------------------------------------------------------------------------

    @staticmethod
    def _as_path(text: str) -> Path | None:
        text = text.strip().strip('"').strip("'")
        if text.startswith(("/", "~", "\\")) or (len(text) > 1 and text[1] == ":"):
            return Path(text).expanduser()
        return None

    @on(Input.Submitted, "#filter")
    def submitted(self) -> None:
        typed = self._as_path(self.query_one("#filter", FilterInput).value)
        if typed is not None:
            if typed.is_dir():
                self.show_folder(typed)
            elif typed.is_file():
                self.pick(typed)
            else:
                self.app.bell()
                self.notify(_("{path} was not found.", path=str(typed)), severity="warning")
            return
        self.open_current()

    @on(RowTable.Chosen, "#entries")
    def entry_chosen(self) -> None:
        self.open_current()

    def open_current(self) -> None:
        key = self.query_one("#entries", RowTable).current_key
        if key is None:
            self.app.bell()
            return
        entry = self.entries[key]
        if entry.is_dir:
            self.show_folder(entry.path, keep=self.folder if entry.label.startswith("..") else None)
            self.query_one("#filter", FilterInput).focus()
        else:
            self.pick(entry.path)

    def pick(self, path: Path) -> None:
        preferences.put(LAST_FOLDER, str(path.parent))
        self.dismiss(path)

    def on_filter_input_up(self, _message: FilterInput.Up) -> None:
        self.action_up()

    def action_up(self) -> None:
        if self.folder.parent != self.folder:
            self.show_folder(self.folder.parent, keep=self.folder)

    @on(RowTable.Chosen, "#places")
    def place_chosen(self, event: RowTable.Chosen) -> None:
        if event.key is not None:
            self.show_folder(self.places[event.key].path)
            self.query_one("#filter", FilterInput).focus()

    def action_all_types(self) -> None:
        if not self.suffixes:
            return
        self.all_types = not self.all_types
        self.notify(_("Showing files of every type.") if self.all_types else
                    _("Showing only {types} files.", types=", ".join(self.suffixes)), timeout=3)
        current = self.query_one("#entries", RowTable).current_key
        self.show_folder(self.folder, keep=self.entries[current].path if current is not None else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AsksForFile(TdktScreen):
    """A screen that asks for a file, with the path bar of :meth:`compose_path_bar`: Ctrl+F, the "Choose file…"
    button and Enter on an empty path open the picker; a picked file, or Enter or the read button on a typed path,
    goes into ``#path`` and to :meth:`file_given`."""

    #: Nothing takes the keyboard before the picker that opens by itself: a path typed right behind the key that
    #: opened the screen goes to the picker, not to the screen's own path field under it.
    AUTO_FOCUS: str | None = ""
    #: The picker's title (a msgid) and the types of files it lists.
    PICK_TITLE = ""
    PICK_TYPES: tuple[str, ...] = ()

    def file_given(self, path: Path) -> None:
        """Read the file (override)."""

    def action_pick(self) -> None:
        def picked(path: Path | None) -> None:
            field = self.query_one("#path", Input)
            if path is None:
                field.focus()
                return
            field.value = str(path)
            self.file_given(path)

        self.app.push_screen(FilePicker(_(self.PICK_TITLE), self.PICK_TYPES), picked)

    def compose_path_bar(self, placeholder: str, read: str, path: str = "") -> ComposeResult:
        """The path typed or picked, "Choose file…", and the button labelled ``read`` that reads it."""
        with Horizontal(id="path-bar"):
            yield Input(path, placeholder=placeholder, id="path")
            yield Button(_("Choose file…"), id="pick")
            yield Button(read, id="read")

    def typed_path(self) -> Path | None:
        """The path in ``#path``; when it is empty the picker opens instead and None is returned."""
        text = self.query_one("#path", Input).value.strip().strip('"').strip("'")
        if not text:
            self.action_pick()
            return None
        return Path(text).expanduser()

    @on(Button.Pressed, "#pick")
    def pick_pressed(self) -> None:
        self.action_pick()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#read")
    def path_given(self) -> None:
        path = self.typed_path()
        if path is not None:
            self.file_given(path)
