"""The enterprise directory."""
