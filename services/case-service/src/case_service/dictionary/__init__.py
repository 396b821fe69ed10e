"""Configurable dictionaries of case-service (case categories)."""
