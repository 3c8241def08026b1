"""Several real processes on one conference folder: desks, kills."""
