"""Scheduled jobs (定时任务): every app's periodic jobs for the system administrator, who may pause, resume and
run them now; every action audited."""

from gateway.jobs.router import router

__all__ = ["router"]
