"""Tests of the domain: records, rules and the store, without a terminal."""
