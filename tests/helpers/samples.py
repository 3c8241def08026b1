"""The shipped samples (data/samples/) and the generator that holds their expected contents."""

from __future__ import annotations

import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"


def load_generator() -> types.ModuleType:
    """data/samples/make_samples.py, which holds the samples' expected contents (run without leaving a .pyc there)."""
    path = SAMPLES / "make_samples.py"
    module = types.ModuleType("make_samples")
    module.__file__ = str(path)
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    return module
