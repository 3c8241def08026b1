"""The Textual screens of tdkt-tui: each displays part of the conference and calls the domain core for changes."""
