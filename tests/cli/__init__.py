"""Tests of the tdkt command and of serving the app to browsers."""
