"""Tests of the spreadsheets read and written."""
