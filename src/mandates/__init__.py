"""Mandates: results-based management and technical cooperation for a UN office."""
