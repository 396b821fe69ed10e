"""Request and response bodies of identity administration."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from gateway.iam.schemas import RoleRef
from platform_core.permissions import LABELS
from platform_core.scope import DataScope
from platform_core.uscc import normalise_uscc

USERNAME_PATTERN = r"^[a-z][a-z0-9_.-]{2,63}$"
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$"
CLIENT_ID_PATTERN = r"^[a-z][a-z0-9_-]{2,63}$"
PHONE_PATTERN = r"^[0-9+\-() ]{5,32}$"
REGION_CODE_PATTERN = r"^[0-9]{6,12}$"


class StrictModel(BaseModel):
    """A request body that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid")


def _uscc_or_none(value: str | None) -> str | None:
    """Normalise a USCC (the mod-31 check is a hard error), keeping empty as none."""
    if value is None or not value.strip():
        return None
    return normalise_uscc(value)


class UserOut(BaseModel):
    """A user as administrators see it (never the password hash)."""

    id: int = Field(description="用户ID")
    username: str = Field(description="登录名")
    display_name: str = Field(description="姓名")
    region_code: str = Field(description="所属行政区划代码")
    region_name: str | None = Field(description="所属行政区划名称")
    unit_id: int | None = Field(description="所属单位ID")
    unit_name: str | None = Field(description="所属单位名称")
    enterprise_uscc: str | None = Field(description="企业用户的统一社会信用代码")
    phone: str | None = Field(description="手机号码")
    is_active: bool = Field(description="是否启用")
    is_locked: bool = Field(description="是否因登录失败被锁定")
    locked_until: datetime | None = Field(description="锁定截止时间")
    failed_login_count: int = Field(description="连续登录失败次数")
    must_change_password: bool = Field(description="下次登录须修改密码")
    password_changed_at: datetime | None = Field(description="密码修改时间")
    last_login_at: datetime | None = Field(description="最近登录时间")
    roles: list[RoleRef] = Field(description="角色")
    is_officer: bool = Field(
        default=False, description="是否三员账户（系统管理员、安全管理员、审计员），只能在服务器命令行管理"
    )
    version: int = Field(description="版本号(即 ETag)")
    created_at: datetime = Field(description="创建时间")
    updated_at: datetime = Field(description="更新时间")


class UserCreate(StrictModel):
    """A new user with an initial password (to be changed at first sign-in)."""

    username: str = Field(
        pattern=USERNAME_PATTERN, description="登录名：小写字母开头，3-64位小写字母、数字、_.-", examples=["gs_zhang"]
    )
    display_name: str = Field(min_length=1, max_length=64, description="姓名", examples=["张伟"])
    password: str = Field(min_length=1, max_length=128, description="初始密码(至少8位，含大写、小写、数字、符号中三类)")
    region_code: str = Field(pattern=REGION_CODE_PATTERN, description="所属行政区划代码", examples=["411522"])
    unit_id: int | None = Field(default=None, description="所属单位ID")
    enterprise_uscc: str | None = Field(default=None, max_length=18, description="企业用户的统一社会信用代码")
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN, description="手机号码")
    role_codes: list[str] = Field(
        default_factory=list,
        max_length=16,
        description="角色编码：须为空。系统管理员不能分配角色（三员分立，403），角色由安全管理员分配",
    )

    _uscc = field_validator("enterprise_uscc")(_uscc_or_none)


class UserUpdate(StrictModel):
    """Fields to change; absent fields stay as they are (null clears unit, USCC and phone)."""

    display_name: str | None = Field(default=None, min_length=1, max_length=64, description="姓名")
    region_code: str | None = Field(default=None, pattern=REGION_CODE_PATTERN, description="所属行政区划代码")
    unit_id: int | None = Field(default=None, description="所属单位ID")
    enterprise_uscc: str | None = Field(default=None, max_length=18, description="企业用户的统一社会信用代码")
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN, description="手机号码")
    role_codes: list[str] | None = Field(
        default=None,
        max_length=16,
        description="角色编码：不能改变。系统管理员不能分配角色（三员分立，403），请由安全管理员分配",
    )

    _uscc = field_validator("enterprise_uscc")(_uscc_or_none)


class UserRolesUpdate(StrictModel):
    """The whole set of roles of a business account (the security administrator's duty)."""

    role_codes: list[str] = Field(
        max_length=16, description="角色编码(整体替换)；三员角色只能在服务器命令行授予", examples=[["county_officer"]]
    )


class TemporaryPassword(BaseModel):
    """A one-time password set by an administrator (shown once)."""

    temporary_password: str = Field(description="临时密码，仅显示一次")
    must_change_password: bool = Field(default=True, description="登录后须修改密码")


class RoleOut(BaseModel):
    """A role with its permissions and data scope."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(description="角色编码")
    name: str = Field(description="角色名称")
    permissions: list[str] = Field(description="权限标识")
    data_scope: DataScope = Field(description="数据范围")
    is_builtin: bool = Field(description="是否内置角色")
    is_officer_role: bool = Field(default=False, description="是否三员角色（权限不能在线修改）")
    held_by_officer: bool = Field(default=False, description="是否有三员账户持有（不能授予个人信息权限）")
    version: int = Field(description="版本号(即 ETag)")
    updated_at: datetime = Field(description="更新时间")


class RoleUpdate(StrictModel):
    """New permissions and/or data scope of a role."""

    name: str | None = Field(default=None, min_length=1, max_length=64, description="角色名称")
    permissions: list[str] | None = Field(default=None, max_length=200, description="权限标识(整体替换)")
    data_scope: DataScope | None = Field(default=None, description="数据范围")


class PermissionNode(BaseModel):
    """A node of the permission catalogue: module, resource or permission."""

    code: str = Field(description="编码")
    label: str = Field(description="名称")
    sensitive: str | None = Field(
        default=None, description="敏感权限类别：personal_data 个人信息、audit 审计、role_admin 角色管理"
    )
    children: list[PermissionNode] = Field(default_factory=list, description="下级")


class UnitOut(BaseModel):
    """A unit."""

    id: int = Field(description="单位ID")
    code: str = Field(description="单位编码")
    name: str = Field(description="单位名称")
    kind: str = Field(description="单位类别")
    region_code: str = Field(description="所属行政区划代码")
    region_name: str | None = Field(description="所属行政区划名称")
    is_active: bool = Field(description="是否启用")
    version: int = Field(description="版本号(即 ETag)")
    created_at: datetime = Field(description="创建时间")
    updated_at: datetime = Field(description="更新时间")


class UnitEntry(BaseModel):
    """A unit as the directory shows it to those who assign cases or issue orders to it."""

    id: int = Field(description="单位ID")
    name: str = Field(description="单位名称")
    kind: str = Field(description="单位类别")
    region_code: str = Field(description="所属行政区划代码")
    region_name: str | None = Field(description="所属行政区划名称")


class PersonEntry(BaseModel):
    """A staff account as the people directory shows it to those who record who paired or visited (no contacts)."""

    id: int = Field(description="用户ID")
    name: str = Field(description="姓名")
    unit_id: int | None = Field(description="所属单位ID")
    unit_name: str | None = Field(description="所属单位名称")
    region_code: str = Field(description="所属行政区划代码")
    region_name: str | None = Field(description="所属行政区划名称")


class UnitCreate(StrictModel):
    """A new unit."""

    code: str = Field(pattern=CODE_PATTERN, description="单位编码", examples=["411500-housing"])
    name: str = Field(min_length=1, max_length=64, description="单位名称", examples=["市住房和城乡建设局"])
    kind: str = Field(
        min_length=1, max_length=32, description="单位类别，如 市直部门、县区商务局", examples=["市直部门"]
    )
    region_code: str = Field(pattern=REGION_CODE_PATTERN, description="所属行政区划代码", examples=["411500"])


class UnitUpdate(StrictModel):
    """Fields of a unit to change."""

    name: str | None = Field(default=None, min_length=1, max_length=64, description="单位名称")
    kind: str | None = Field(default=None, min_length=1, max_length=32, description="单位类别")
    region_code: str | None = Field(default=None, pattern=REGION_CODE_PATTERN, description="所属行政区划代码")
    is_active: bool | None = Field(default=None, description="是否启用")


class ClientOut(BaseModel):
    """A machine client (its secret is never shown again)."""

    client_id: str = Field(description="客户端标识")
    name: str = Field(description="接入系统名称")
    permissions: list[str] = Field(description="权限标识(只读)")
    data_scope: DataScope = Field(description="数据范围")
    region_code: str = Field(description="数据范围所在行政区划代码")
    region_name: str | None = Field(description="行政区划名称")
    is_active: bool = Field(description="是否启用")
    version: int = Field(description="版本号")
    created_at: datetime = Field(description="创建时间")
    updated_at: datetime = Field(description="更新时间")

    @computed_field(description="权限名称")
    @property
    def permission_names(self) -> list[str]:
        """The permissions as the administrator reads them."""
        return [LABELS.get(p, p) for p in self.permissions]


class ClientCreate(StrictModel):
    """A new machine client; the secret is generated and returned once."""

    client_id: str = Field(pattern=CLIENT_ID_PATTERN, description="客户端标识", examples=["province-stats"])
    name: str = Field(min_length=1, max_length=64, description="接入系统名称", examples=["省商务厅统计平台"])
    permissions: list[str] = Field(
        min_length=1,
        max_length=50,
        description="权限标识，仅限 open: 开头的只读权限",
        examples=[["open:enterprise:read"]],
    )
    data_scope: DataScope = Field(description="数据范围：ALL、REGION_AND_BELOW 或 REGION")
    region_code: str = Field(pattern=REGION_CODE_PATTERN, description="数据范围所在行政区划代码", examples=["411500"])


class ClientCreated(ClientOut):
    """A created client with its secret: shown in this response only (a replay does not repeat it)."""

    client_secret: str | None = Field(description="客户端密钥，仅在创建时显示一次")
