"""Tests of arshif.store (OCFL 1.1 storage layer)."""
