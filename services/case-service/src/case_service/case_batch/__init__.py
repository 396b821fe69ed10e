"""Bulk case actions: 批量交办, 批量催办, 批量销号, answered per row."""
