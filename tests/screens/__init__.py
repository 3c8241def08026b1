"""Tests of the App and its screens, driven with the Pilot; snapshots of their looks."""
