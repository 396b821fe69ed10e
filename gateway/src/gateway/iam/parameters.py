"""The gateway's 系统参数: password policy and sign-in lockout, edited at run time, defaults from GATEWAY_* settings.

`effective_settings` is what every identity and admin route reads (`SettingsDep`): the deployment's settings
with the parameters an administrator edited laid over them, so a new minimum length or lockout threshold
holds on the next request of every replica (within the store's refresh interval), with no restart.
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.settings import GatewaySettings
from platform_core.parameters import ParameterSpec, ParameterStore

PASSWORD = "密码策略"
LOCKOUT = "登录锁定"


def gateway_parameters(settings: GatewaySettings) -> tuple[ParameterSpec, ...]:
    """The gateway's parameters; each key is the name of the `GatewaySettings` field it overrides."""
    return (
        ParameterSpec(
            "password_min_length", "密码最小长度", PASSWORD, "int", settings.password_min_length, "位", 8, 64
        ),
        ParameterSpec(
            "password_history_count",
            "不得重复最近密码个数",
            PASSWORD,
            "int",
            settings.password_history_count,
            "个",
            0,
            24,
            description="新密码不得与最近这些次使用过的密码相同；0 表示不限制",
        ),
        ParameterSpec(
            "password_max_age_days",
            "密码有效期",
            PASSWORD,
            "int",
            settings.password_max_age_days,
            "天",
            0,
            3650,
            description="超过有效期须修改密码后才能继续使用；0 表示永不过期",
        ),
        ParameterSpec(
            "lockout_threshold", "连续登录失败锁定次数", LOCKOUT, "int", settings.lockout_threshold, "次", 3, 20
        ),
        ParameterSpec("lockout_minutes", "锁定时长", LOCKOUT, "int", settings.lockout_minutes, "分钟", 1, 1440),
    )


async def effective_settings(app: FastAPI, session: AsyncSession | None = None) -> GatewaySettings:
    """The app's settings with the edited parameters applied (the same object when none was edited)."""
    settings: GatewaySettings = app.state.settings
    store: ParameterStore | None = getattr(app.state, "parameters", None)
    if store is None:
        return settings
    snapshot = await store.current(session)
    edited = {key: snapshot[key] for key in snapshot.versions}
    return settings.model_copy(update=edited) if edited else settings
