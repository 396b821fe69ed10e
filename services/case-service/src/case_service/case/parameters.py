"""The case service's 系统参数: the 13710 limits, the day count, the early-warning thresholds and the digest hour.

Defaults are the deployment's `CASE_TIMER_*` settings; an administrator's edit (系统参数 page) overrides one
of them on every replica within a few seconds (`platform_core.parameters`), and the next deadline set, the
next warning level computed and the next timer check use it. Deadlines already set on a case stay as set.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import timedelta

from case_service.case.timers import TimerPolicy
from case_service.settings import CaseSettings
from platform_core.parameters import ParameterSpec, Value
from platform_core.workdays import WorkCalendar

LIMITS = "13710 办理时限"
WARNING = "预警阈值"
REMINDERS = "消息提醒"
REMINDER_LEAD_HOURS = "reminder_lead_hours"
DIGEST_HOUR = "digest_hour"
REVISIT = "回访评价"

CALENDARS: dict[str, str] = {"natural": "自然日", "workdays": "工作日"}
MAJOR_LIMITS: dict[str, str] = {"month": "按重大复杂问题办结时限", "workdays10": "10个工作日"}


def case_parameters(settings: CaseSettings) -> tuple[ParameterSpec, ...]:
    """The parameters of case-service, their defaults taken from the deployment's settings."""
    return (
        ParameterSpec(
            "timer_calendar",
            "时限计算方式",
            LIMITS,
            "choice",
            settings.timer_calendar,
            choices=CALENDARS,
            description="签收、反馈、办结时限按自然日还是按工作日（节假日日历）计算",
        ),
        ParameterSpec("timer_sign_days", "签收时限", LIMITS, "int", settings.timer_sign_days, "天", 1, 30),
        ParameterSpec("timer_feedback_days", "首次反馈时限", LIMITS, "int", settings.timer_feedback_days, "天", 1, 30),
        ParameterSpec(
            "timer_ordinary_days", "一般问题办结时限", LIMITS, "int", settings.timer_ordinary_days, "天", 1, 90
        ),
        ParameterSpec(
            "timer_major_days",
            "重大复杂问题办结时限",
            LIMITS,
            "int",
            settings.timer_major_days,
            "天",
            1,
            365,
            description="也是 13710 的1个月总时限",
        ),
        ParameterSpec(
            "timer_major_limit",
            "重大复杂问题时限口径",
            LIMITS,
            "choice",
            settings.timer_major_limit,
            choices=MAJOR_LIMITS,
        ),
        ParameterSpec("max_reopen", "重新办理次数上限", LIMITS, "int", settings.max_reopen, "次", 0, 10),
        ParameterSpec(
            "warning_yellow_hours",
            "黄色预警提前量",
            WARNING,
            "int",
            24,
            "小时",
            1,
            240,
            description="距办结期限不足此时长的诉求显示黄色预警",
        ),
        ParameterSpec(
            REMINDER_LEAD_HOURS,
            "到期提前提醒时长",
            REMINDERS,
            "int",
            24,
            "小时",
            1,
            240,
            description="首次反馈期限、办结期限前多久向牵头单位和县区经办人发出到期提醒（站内、邮件、短信）",
        ),
        ParameterSpec(
            DIGEST_HOUR,
            "领导每日摘要发送时间",
            REMINDERS,
            "int",
            8,
            "点",
            0,
            23,
            description="每天几点（北京时间）向领导发送在办、黄色预警、红色预警、超期诉求的分县区、分单位统计",
        ),
        ParameterSpec(
            "revisit_link_days",
            "回访链接有效期",
            REVISIT,
            "int",
            settings.revisit_link_days,
            "天",
            1,
            90,
            description="诉求办结后发给企业联系人的评价短信链接在此天数内有效，且只能使用一次",
        ),
    )


def apply_parameters(
    base: TimerPolicy, edited: Mapping[str, Value], calendar: Callable[[], WorkCalendar]
) -> TimerPolicy:
    """The base policy with the edited parameters applied (the holiday calendar loaded when one needs it)."""
    changes: dict[str, object] = {}
    fields = {
        "timer_calendar": "calendar",
        "timer_sign_days": "sign_days",
        "timer_feedback_days": "feedback_days",
        "timer_ordinary_days": "ordinary_days",
        "timer_major_days": "major_days",
        "timer_major_limit": "major_limit",
        "max_reopen": "max_reopen",
        "revisit_link_days": "revisit_link_days",
    }
    for key, name in fields.items():
        if key in edited:
            changes[name] = edited[key]
    if "warning_yellow_hours" in edited:
        hours = edited["warning_yellow_hours"]
        assert isinstance(hours, int)
        changes["yellow_window"] = timedelta(hours=hours)
    policy = dataclasses.replace(base, **changes)  # type: ignore[arg-type]
    needs_calendar = policy.calendar == "workdays" or policy.major_limit == "workdays10"
    if needs_calendar and policy.work_calendar is None:
        policy = dataclasses.replace(policy, work_calendar=calendar())
    return policy
