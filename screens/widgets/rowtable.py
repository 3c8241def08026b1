"""A table that paints only the rows in view, so 100,000 attendees load and filter without a pause.

Textual's stock DataTable measures and styles every row when rows are added (about 2 s for 5,000 rows here);
this widget keeps plain tuples of strings and renders the visible lines with the Line API.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import indexOf
from typing import Generic, TypeVar, overload

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True)
class Column:
    """A column: its header, its share of the spare width and its minimum width in cells."""

    label: str
    weight: int = 1
    minimum: int = 4


Row = tuple[int, Sequence[str]]
T = TypeVar("T")


class RowsOf(Sequence[Row], Generic[T]):
    """The rows of ``records``, each made when it is painted: a filter of 100,000 people hands the table its result
    without making 100,000 rows, and the table asks only for the forty in view."""

    def __init__(self, records: Sequence[T], make: Callable[[T], Row], key: Callable[[T], int]) -> None:
        self.records = records
        self.make = make
        self.key = key

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self.make(r) for r in self.records[index]]
        return self.make(self.records[index])

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same rows (a list included), as the list it stands for would be."""
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]

    def index_of(self, key: int) -> int | None:
        """Where the row of ``key`` is, without making any row: a loop in C (with a C ``key`` such as
        ``attrgetter``, 100,000 records in some 5 ms instead of 15; the cursor's row is looked for at every
        keystroke of a filter)."""
        try:
            return indexOf(map(self.key, self.records), key)
        except ValueError:
            return None


def index_of(rows: Sequence[Row], key: int) -> int | None:
    """The position of the row whose key is ``key`` (None when it is not there)."""
    if isinstance(rows, RowsOf):
        return rows.index_of(key)
    return next((i for i, (k, _) in enumerate(rows) if k == key), None)


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class RowTable(ScrollView, can_focus=True):
    """Rows of text with a fixed header line and a cursor; Enter posts :class:`RowTable.Chosen`."""

    DEFAULT_CSS = """
    RowTable { height: 1fr; overflow-x: hidden; }
    RowTable > .rowtable--header { text-style: bold; background: $primary 30%; }
    RowTable > .rowtable--cursor { background: $accent 40%; }
    RowTable:focus > .rowtable--cursor { background: $accent; color: $text; }
    RowTable > .rowtable--marked { color: $success; }
    RowTable > .rowtable--alert { color: $error; text-style: bold; }
    RowTable > .rowtable--cell { background: $primary; color: $text; text-style: bold underline; }
    RowTable > .rowtable--empty { color: $text-muted; text-style: italic; }
    """
    COMPONENT_CLASSES = {
        "rowtable--header", "rowtable--cursor", "rowtable--marked", "rowtable--alert", "rowtable--cell",
        "rowtable--empty",
    }
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
        Binding("enter", "choose", show=False),
        Binding("left", "column(-1)", show=False),
        Binding("right", "column(1)", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    #: The highlighted cell's column when ``editable`` columns are given (a grid); None otherwise.
    column: reactive[int | None] = reactive(None)

    class _RowMessage(Message):
        def __init__(self, table: RowTable, key: int | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    class Chosen(_RowMessage):
        """Enter (or a double click) on a row."""

    class Moved(_RowMessage):
        """The cursor moved to another row."""

    def __init__(self, columns: Sequence[Column], *, empty_text: str = "", cursor: bool = True,
                 editable: Sequence[int] = (), **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.show_cursor = cursor
        self.editable = list(editable)
        self.alert: set[int] = set()
        if self.editable:
            self.set_reactive(RowTable.column, self.editable[0])
        self.columns = list(columns)
        self.rows: Sequence[Row] = []
        self.marked: set[int] = set()
        self.empty_text = empty_text
        self._widths: list[int] = []
        #: Painted lines by (cells, style, highlighted cell, width): a scan moves every line of the log down by one,
        #: and a line already painted once is not measured and cut again.
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)

    # -- data ----------------------------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row], *, marked: set[int] | None = None, alert: set[int] | None = None,
                 keep_key: int | None = None) -> None:
        """Replace the rows (``marked`` ones green, ``alert`` ones red); keep the cursor on ``keep_key`` (or the
        current row's key) when it is still there."""
        key = keep_key if keep_key is not None else self.current_key
        self.rows = rows
        if marked is not None:
            self.marked = marked
        if alert is not None:
            self.alert = alert
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        index = index_of(rows, key) if key is not None else None
        self.cursor = min(index if index is not None else self.cursor, max(0, len(rows) - 1))
        self.refresh()

    @property
    def current_key(self) -> int | None:
        return self.rows[self.cursor][0] if 0 <= self.cursor < len(self.rows) else None

    def move_to_key(self, key: int) -> None:
        index = index_of(self.rows, key)
        if index is not None:
            self.cursor = index

    # -- drawing -------------------------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._widths = []
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)

    def _column_widths(self) -> list[int]:
        width = self.scrollable_content_region.width
        if not self._widths or sum(self._widths) + len(self._widths) != width:
            spare = max(0, width - sum(c.minimum for c in self.columns) - len(self.columns))
            total = sum(c.weight for c in self.columns) or 1
            widths = [c.minimum + spare * c.weight // total for c in self.columns]
            widths[-1] += max(0, width - len(self.columns) - sum(widths))
            self._widths = widths
        return self._widths

    def _line(self, cells: Sequence[str], style: Style, cell: int | None = None) -> Strip:
        widths = self._column_widths()
        if cell is None:
            text = " ".join(fit(value, w) for value, w in zip(cells, widths)) + " "
            return Strip([Segment(text, style)], cell_len(text))
        highlight = style + self.get_component_rich_style("rowtable--cell")
        segments = []
        for index, (value, w) in enumerate(zip(cells, widths)):
            segments.append(Segment(fit(value, w), highlight if index == cell else style))
            segments.append(Segment(" ", style))
        return Strip(segments, sum(widths) + len(widths))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("rowtable--header")
            return self._line([c.label for c in self.columns], header).crop_extend(0, width, header)
        index = int(self.scroll_offset.y) + y - 1
        if not self.rows:
            if y == 1 and self.empty_text:
                style = base + self.get_component_rich_style("rowtable--empty")
                return Strip([Segment(fit(" " + self.empty_text, width), style)], width)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        key, cells = self.rows[index]
        style = base
        if key in self.marked:
            style += self.get_component_rich_style("rowtable--marked")
        if key in self.alert:
            style += self.get_component_rich_style("rowtable--alert")
        on_row = index == self.cursor and self.show_cursor
        if on_row:
            style += self.get_component_rich_style("rowtable--cursor")
        cell = self.column if on_row and self.has_focus else None
        if not isinstance(cells, tuple):
            return self._line(cells, style, cell).crop_extend(0, width, style)
        cache_key = (cells, style, cell, width)
        strip = self._strips.get(cache_key)
        if strip is None:
            strip = self._strips[cache_key] = self._line(cells, style, cell).crop_extend(0, width, style)
        return strip

    # -- moving --------------------------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        self.refresh()
        self.post_message(self.Moved(self, self.current_key))

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 2))

    def action_edge(self, end: int) -> None:
        if self.rows:
            self.cursor = len(self.rows) - 1 if end else 0

    def action_column(self, step: int) -> None:
        """Left/right between the editable cells of a grid."""
        if self.editable and self.column is not None:
            index = self.editable.index(self.column) if self.column in self.editable else 0
            self.column = self.editable[max(0, min(len(self.editable) - 1, index + step))]
            self.refresh()

    def action_choose(self) -> None:
        if self.current_key is not None:
            self.post_message(self.Chosen(self, self.current_key))

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_offset.y) + event.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()
