"""The shared row table: rows made only when painted, so a list of 100,000 is handed over at once."""

from __future__ import annotations

from textual.app import App, ComposeResult

from screens.widgets.rowtable import Column, Row, RowsOf, RowTable


class Table(App[None]):
    def compose(self) -> ComposeResult:
        yield RowTable([Column("#", 1, 6), Column("Name", 3, 10)], id="t")


async def test_only_the_rows_in_view_are_made() -> None:
    made: list[int] = []

    def make(n: int) -> Row:
        made.append(n)
        return n, (str(n), f"Người {n}")

    rows = RowsOf(range(1, 100_001), make, lambda n: n)
    app = Table()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(RowTable)
        table.set_rows(rows, keep_key=50_000)
        await pilot.pause()
        assert table.cursor == 49_999 and table.current_key == 50_000
        assert 0 < len(set(made)) < 100
        table.move_to_key(7)
        await pilot.pause()
        assert table.current_key == 7
        assert len(set(made)) < 200
    assert rows.index_of(100_000) == 99_999 and rows.index_of(0) is None
    assert rows[2:4] == [(3, ("3", "Người 3")), (4, ("4", "Người 4"))]
    assert RowsOf([3, 4], make, lambda n: n) == [(3, ("3", "Người 3")), (4, ("4", "Người 4"))]
    assert RowsOf([], make, lambda n: n) == [] and rows != []
