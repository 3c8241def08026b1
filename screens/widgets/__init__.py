"""Widgets and dialogs the screens share."""
