"""Every message a user can see exists in Vietnamese and English, in NFC, with the same {fields}."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest

from tdkt_tui.domain import i18n
from tests.helpers.msgids import all_msgids

MSGIDS = all_msgids()


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_extractor_finds_messages() -> None:
    assert len(MSGIDS) > 150
    assert "Attendees" in MSGIDS


@pytest.mark.parametrize("msgid", sorted(MSGIDS))
def test_message_has_vietnamese_and_english(msgid: str) -> None:
    vi = i18n.catalog("vi").get(msgid)
    where = MSGIDS[msgid]
    assert vi, f"no Vietnamese for {msgid!r} ({where})"
    assert msgid.strip(), f"empty English message at {where}"
    for text in (msgid, vi):
        assert unicodedata.is_normalized("NFC", text), f"not NFC: {text!r}"
    assert fields(vi) == fields(msgid), f"fields differ: {msgid!r} / {vi!r}"


def test_vietnamese_catalog_has_diacritics() -> None:
    texts = list(i18n.catalog("vi").values())
    with_marks = [t for t in texts if re.search(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", t,
                                                re.IGNORECASE)]
    assert len(with_marks) > 0.8 * len(texts)


def test_language_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_LANG", "en")
    assert i18n.choose_language(None) == "en"
    assert i18n.choose_language("vi") == "vi"
    monkeypatch.delenv("TDKT_LANG")
    assert i18n.choose_language(None) == "vi"
    i18n.set_language("en")
    assert i18n._("Attendees") == "Attendees"
    i18n.set_language("vi")
    assert i18n._("Attendees") == "Đại biểu"
    assert i18n._("Saved: {name}", name="Lê Văn A") == "Đã lưu: Lê Văn A"
