"""The Textual App: its modes, the live refresh from other desks, serving it to browsers."""
