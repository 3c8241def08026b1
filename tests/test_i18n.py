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


def test_catalog_reads_every_po_file_as_polib_does(tmp_path) -> None:
    """The catalog's own .po reader (fast, read at every start) gives what polib gives: the real catalogs, and a
    file with a header, continued and escaped strings, a fuzzy, an obsolete, a plural and a context entry."""
    import polib

    sample = tmp_path / "sample.po"
    sample.write_text('msgid ""\nmsgstr "Content-Type: text/plain\\n"\n\n#, fuzzy\nmsgid ""\n"a \\"b\\" \\\\n"\n'
                      '"c\\n"\nmsgstr "x\\ty"\n\n#~ msgid "old"\n#~ msgstr "cũ"\n\nmsgid "one"\nmsgid_plural "many"\n'
                      'msgstr[0] "một"\n\nmsgctxt "k"\nmsgid "e"\nmsgstr "f"\n\nmsgid "untranslated"\nmsgstr ""\n',
                      encoding="utf-8")
    for path in [sample, *sorted((i18n.LOCALE_DIR / "vi").glob("*.po"))]:
        expected = {e.msgid: e.msgstr for e in polib.pofile(str(path), encoding="utf-8") if e.msgstr and not e.obsolete}
        assert i18n.read_po(path.read_text(encoding="utf-8")) == expected, path.name
    assert i18n.read_po(sample.read_text(encoding="utf-8")) == {'a "b" \\nc\n': "x\ty", "e": "f"}
