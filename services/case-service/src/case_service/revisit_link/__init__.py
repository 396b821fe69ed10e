"""Revisit links: the signed, single-use, expiring SMS link an enterprise rates a resolved case with."""
