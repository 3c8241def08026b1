"""The proposal for awards from the counting screen (F8, Ctrl+F), on the demo as it was held."""

from __future__ import annotations

import docx

from screens.voting import VotingScreen
from tdkt_tui.domain.conference import Conference
from tdkt_tui.ui.app import TdktApp

SIZE = (130, 40)


async def test_ctrl_f_writes_the_proposal_and_its_list(demo_held: Conference) -> None:
    app = TdktApp(demo_held, lang="vi", desk="Bàn 1")
    told: list[str] = []
    shown = app.notify

    def notify(message: str, **options: object) -> None:
        told.append(message)
        shown(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, VotingScreen)
        await pilot.press("ctrl+f")
        await pilot.pause()
    exports = demo_held.folder / "exports"
    written = list(exports.glob("to-trinh-de-nghi-khen-thuong-*.docx"))
    listed = list(exports.glob("danh-sach-de-nghi-khen-thuong-*.xlsx"))
    assert len(written) == len(listed) == 1
    assert any(str(written[0]) in message and str(listed[0]) in message for message in told)
    text = [p.text for p in docx.Document(str(written[0])).paragraphs]
    assert "2. Đề nghị tặng Cờ thi đua của Chính phủ (1 đơn vị):" in text
