"""Find every user-visible message id in the source, the way xgettext would (by reading the code, not running it)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "tdkt_tui").rglob("*.py")), *sorted((ROOT / "screens").rglob("*.py"))]
MESSAGE_CALLS = {"_", "N_", "TdktError", "StoreError", "CorruptStore", "ConcurrentWrite", "ValidationError", "_os_error",
                 "Finding"}
MESSAGE_TABLES = {"LABELS", "DETAIL_LABELS", "GENERAL"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _strings(node: ast.AST) -> Iterator[str]:
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value:
            yield child.value


def msgids_in(path: Path) -> Iterator[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in MESSAGE_CALLS and node.args and isinstance(node.args[0], ast.Constant):
                if isinstance(node.args[0].value, str):
                    yield node.args[0].value, node.lineno
            if name == "Binding":
                desc = node.args[2] if len(node.args) > 2 else next(
                    (k.value for k in node.keywords if k.arg == "description"), None)
                if isinstance(desc, ast.Constant) and desc.value:
                    yield desc.value, node.lineno
        elif isinstance(node, ast.Assign):
            targets = {_name(t) for t in node.targets}
            if "TITLE_MSGID" in targets and isinstance(node.value, ast.Constant) and node.value.value:
                yield node.value.value, node.lineno
            if targets & MESSAGE_TABLES:
                if isinstance(node.value, ast.Dict):
                    for value in node.value.values:
                        for text in _strings(value):
                            yield text, node.lineno
                elif isinstance(node.value, ast.List):
                    for element in node.value.elts:
                        if isinstance(element, ast.Tuple):
                            last = element.elts[-1]
                            if isinstance(last, ast.Constant):
                                yield last.value, node.lineno


def all_msgids() -> dict[str, str]:
    """msgid → where it is used (first place)."""
    found: dict[str, str] = {}
    for path in SOURCES:
        for msgid, line in msgids_in(path):
            found.setdefault(msgid, f"{path.relative_to(ROOT)}:{line}")
    return found
