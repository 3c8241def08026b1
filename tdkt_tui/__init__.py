"""tdkt-tui: a Textual app that runs the conference of a Vietnamese emulation bloc (khối thi đua)."""

__version__ = "0.1.0"
