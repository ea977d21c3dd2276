"""Text handling shared by ingest and search: normalisation, language (detection, known codes),
dates, stop words."""
