"""The domain core never imports Textual: the rules can be used (and tested) without a terminal."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_MODULES = {"app.py", "cli.py", "__main__.py"}
DOMAIN = [p for p in sorted((ROOT / "tdkt_tui").glob("*.py")) if p.name not in UI_MODULES]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_modules_do_not_import_textual_or_screens() -> None:
    assert len(DOMAIN) >= 8
    for path in DOMAIN:
        bad = {m for m in imported_modules(path) if m.split(".")[0] in ("textual", "screens", "rich")}
        assert not bad, f"{path.name} imports {bad}"


def test_importing_the_domain_loads_no_textual() -> None:
    modules = ", ".join(f"tdkt_tui.{p.stem}" for p in DOMAIN if p.stem != "__init__")
    code = f"import sys, {modules}; print([m for m in sys.modules if m.split('.')[0] in ('textual', 'screens')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
