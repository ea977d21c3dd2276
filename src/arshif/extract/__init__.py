"""Metadata extraction and cleaning from a capture's text (rules in header, attribution, clean)."""

from arshif.extract.core import SEARCHED_FIELDS, Extraction, extract

__all__ = ["SEARCHED_FIELDS", "Extraction", "extract"]
