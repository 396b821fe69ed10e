"""Bodies of 消息接收设置 and of the internal recipient directory."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
EMAIL = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"


class NotificationSettingsOut(BaseModel):
    """How the signed-in user receives reminders (addresses masked unless the role may see personal data)."""

    inbox_enabled: bool = Field(default=True, description="站内消息（始终开启）")
    email_enabled: bool = Field(description="是否接收邮件提醒")
    sms_enabled: bool = Field(description="是否接收短信提醒")
    email: str | None = Field(description="电子邮箱")
    phone: str | None = Field(description="手机号码（由系统管理员维护）")
    quiet_start: str | None = Field(description="免打扰开始时间（HH:MM，北京时间）", examples=["22:00"])
    quiet_end: str | None = Field(description="免打扰结束时间（HH:MM，北京时间）", examples=["07:00"])
    version: int = Field(description="版本号（ETag）")


class NotificationSettingsIn(BaseModel):
    """The new settings; `email` absent keeps the address, an empty string clears it."""

    model_config = ConfigDict(extra="forbid")

    email_enabled: bool = Field(description="是否接收邮件提醒")
    sms_enabled: bool = Field(description="是否接收短信提醒")
    email: str | None = Field(default=None, max_length=128, description="电子邮箱（不传则不变，空字符串清除）")
    quiet_start: str | None = Field(default=None, pattern=HHMM, description="免打扰开始时间（HH:MM）")
    quiet_end: str | None = Field(default=None, pattern=HHMM, description="免打扰结束时间（HH:MM）")


class RecipientOut(BaseModel):
    """One person behind a recipient key: addresses, chosen channels and quiet hours."""

    subject: str = Field(description="用户sub（user:…）")
    name: str = Field(description="姓名")
    region_code: str = Field(description="所属行政区划代码")
    unit_id: int | None = Field(description="所属单位ID")
    email: str | None = Field(description="电子邮箱")
    phone: str | None = Field(description="手机号码")
    channels: list[str] = Field(description="选择的渠道：inbox / email / sms")
    quiet_start: str | None = Field(description="免打扰开始")
    quiet_end: str | None = Field(description="免打扰结束")


class RecipientsOut(BaseModel):
    """For each key asked: the active users behind it."""

    recipients: dict[str, list[RecipientOut]]
