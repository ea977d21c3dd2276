"""arshif: an archive for Arabic and Persian news: versioned TEI records and full-text search."""

__version__ = "0.1.0"
