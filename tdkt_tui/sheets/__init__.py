"""Every spreadsheet read or written (XLSX, CSV): built on the domain, knowing nothing of the UI."""
