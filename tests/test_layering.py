"""The layers hold, checked by import-linter with the contracts in pyproject.toml (docs/architecture.md).

The domain knows no UI and no file format; documents and sheets know the domain, not the UI; screens reach the
conference folder only through the domain. The two tests below the first break the house on purpose, in a copy,
to show the check fails when it should.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def house(tmp_path: Path) -> Path:
    """A copy of the packages and the contracts, to break."""
    for name in ("tdkt_tui", "screens"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_are_kept() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") >= 5


def test_a_screen_importing_the_store_breaks_the_contract(house: Path) -> None:
    screen = house / "screens" / "dashboard.py"
    screen.write_text(screen.read_text(encoding="utf-8") + "\nfrom tdkt_tui.domain.store import Store  # noqa\n",
                      encoding="utf-8")
    result = lint(house)
    assert result.returncode != 0
    assert "never the store BROKEN" in result.stdout and "screens.dashboard -> tdkt_tui.domain.store" in result.stdout


def test_the_domain_importing_textual_breaks_the_contract(house: Path) -> None:
    module = house / "tdkt_tui" / "domain" / "attendance.py"
    module.write_text(module.read_text(encoding="utf-8") + "\nimport textual  # noqa\n", encoding="utf-8")
    result = lint(house)
    assert result.returncode != 0
    assert "no UI and no file format BROKEN" in result.stdout and "tdkt_tui.domain.attendance -> textual" in result.stdout


def test_importing_the_domain_loads_no_textual() -> None:
    """At run time too: the rules can be used and tested without a terminal."""
    modules = sorted(f"tdkt_tui.domain.{p.stem}" for p in (ROOT / "tdkt_tui" / "domain").glob("*.py"))
    code = f"import sys, {', '.join(modules)}; print([m for m in sys.modules if m.split('.')[0] in ('textual', " \
           f"'screens', 'docx', 'openpyxl')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def cycles(root: Path) -> list[list[str]]:
    """Groups of project modules that import each other, directly or round a loop, counting imports made inside
    functions too (a deferred import hides a cycle, it does not remove it); imports only for type checking aside."""
    code = """
import json, sys
import grimp
graph = grimp.build_graph("tdkt_tui", "screens", exclude_type_checking_imports=True)
index, low, stack, on, found = {}, {}, [], set(), []
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = len(index); stack.append(v); on.add(v)
    for w in graph.find_modules_directly_imported_by(v):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop(); on.discard(w); group.append(w)
            if w == v:
                break
        if len(group) > 1:
            found.append(sorted(group))
for module in sorted(graph.modules):
    if module not in index:
        visit(module)
print(json.dumps(found))
"""
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    return json.loads(result.stdout)


def test_no_module_imports_itself_round_a_loop() -> None:
    assert cycles(ROOT) == []


def test_a_deferred_import_back_is_found_as_a_cycle(house: Path) -> None:
    store = house / "tdkt_tui" / "domain" / "store.py"
    store.write_text(store.read_text(encoding="utf-8") + "\n\ndef _later():\n    from tdkt_tui.domain import conference\n",
                     encoding="utf-8")
    assert any("tdkt_tui.domain.store" in group and "tdkt_tui.domain.conference" in group for group in cycles(house))
