"""Notices (通知公告): published to roles, regions (with their sub-regions) or named users, with attachments,
a pinned flag and read receipts."""

from gateway.notice.router import router

__all__ = ["router"]
