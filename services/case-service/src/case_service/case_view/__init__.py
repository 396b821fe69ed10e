"""Saved case-list filters per user (我的视图), optionally shared with a role."""
