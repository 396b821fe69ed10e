"""Online sessions (the security administrator's 在线用户, with forced logout) and the sign-in log (the auditor's
登录日志, with its XLSX export)."""

from gateway.sessions.router import router

__all__ = ["router"]
