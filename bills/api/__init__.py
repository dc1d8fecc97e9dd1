"""The read-only JSON API at /api/v1/: published bills, places, topics, parties and comparisons."""
