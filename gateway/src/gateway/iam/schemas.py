"""Request and response bodies of the sign-in, token, profile and region endpoints."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROBLEM_JSON = "application/problem+json"


def problem(description: str) -> dict[str, Any]:
    """An OpenAPI response entry for a problem+json answer."""
    return {"description": description, "content": {PROBLEM_JSON: {}}}


class StrictModel(BaseModel):
    """A request body that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid")


class LoginRequest(StrictModel):
    """Username and password."""

    username: str = Field(min_length=1, max_length=64, description="登录名", examples=["guangshan"])
    password: str = Field(min_length=1, max_length=128, description="密码", examples=["Demo@2021pass"])


class TokenPair(BaseModel):
    """An access token with the refresh token that renews it."""

    access_token: str = Field(description="访问令牌(JWT, RS256)")
    refresh_token: str = Field(description="刷新令牌(不透明字符串，每次使用后轮换)")
    token_type: Literal["bearer"] = Field(default="bearer", description="令牌类型")
    expires_in: int = Field(description="访问令牌有效期(秒)")
    must_change_password: bool = Field(description="是否须先修改密码（首次登录、密码被重置或已过期）")
    password_expired: bool = Field(default=False, description="密码是否已超过有效期（须修改后再使用）")


class RefreshRequest(StrictModel):
    """A refresh token to rotate."""

    refresh_token: str = Field(min_length=1, max_length=256, description="刷新令牌")


class LogoutRequest(StrictModel):
    """The refresh token of the session to end."""

    refresh_token: str = Field(min_length=1, max_length=256, description="刷新令牌")


class PasswordChangeRequest(StrictModel):
    """The current password and the new one."""

    old_password: str = Field(min_length=1, max_length=128, description="原密码")
    new_password: str = Field(
        min_length=1, max_length=128, description="新密码(至少8位，含大写、小写、数字、符号中三类)"
    )


class ClientToken(BaseModel):
    """An access token for a machine client (no refresh token: ask again when it expires)."""

    access_token: str = Field(description="访问令牌(JWT, RS256)")
    token_type: Literal["bearer"] = Field(default="bearer", description="令牌类型")
    expires_in: int = Field(description="有效期(秒)")
    scope: str = Field(description="授予的权限，空格分隔")


class RoleRef(BaseModel):
    """A role's code and name."""

    code: str = Field(description="角色编码")
    name: str = Field(description="角色名称")


class MeUser(BaseModel):
    """The signed-in user."""

    id: int = Field(description="用户ID")
    username: str = Field(description="登录名")
    display_name: str = Field(description="姓名")
    region_code: str = Field(description="所属行政区划代码")
    region_name: str | None = Field(description="所属行政区划名称")
    unit_id: int | None = Field(description="所属单位ID")
    unit_name: str | None = Field(description="所属单位名称")
    enterprise_uscc: str | None = Field(description="企业用户的统一社会信用代码")
    must_change_password: bool = Field(description="是否须修改密码（首次登录、密码被重置或已过期）")
    password_expired: bool = Field(default=False, description="密码是否已超过有效期")


class MenuItem(BaseModel):
    """One entry of the SPA's navigation."""

    name: str = Field(description="路由名称")
    title: str = Field(description="菜单标题")
    path: str = Field(description="前端路径")
    icon: str | None = Field(default=None, description="图标")
    permission: str | None = Field(default=None, description="所需权限")
    children: list[MenuItem] = Field(default_factory=list, description="子菜单")


class Me(BaseModel):
    """The signed-in user with roles, permissions, data scopes and menus."""

    user: MeUser
    roles: list[RoleRef] = Field(description="角色")
    permissions: list[str] = Field(description="权限标识")
    data_scopes: list[str] = Field(description="数据范围")
    menus: list[MenuItem] = Field(description="菜单树")


class RegionNode(BaseModel):
    """A division with the divisions below it."""

    code: str = Field(description="行政区划代码")
    name: str = Field(description="名称")
    level: int = Field(description="层级 1省 2市 3县区")
    path: str = Field(description="物化路径")
    is_active: bool = Field(description="是否启用")
    children: list[RegionNode] = Field(default_factory=list, description="下级区划")
