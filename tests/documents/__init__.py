"""Tests of the Word documents, read back with python-docx."""
