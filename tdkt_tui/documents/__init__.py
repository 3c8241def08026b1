"""Every Word document the bloc prints or sends: built from the domain, knowing nothing of the UI."""
