"""Domestic trade: promotion events, honours created, streets renovated."""
