"""Text handling shared by ingest and search: normalisation, language, dates, stop words."""
