"""Supervision orders (督办单) issued by leaders on a case or a unit."""
