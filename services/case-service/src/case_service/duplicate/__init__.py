"""Duplicates (重复诉求): similar cases at intake and acceptance, links, split, and the repeat rate."""
