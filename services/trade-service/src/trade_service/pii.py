"""Workers' personal data: the key ring from settings, and how each field is masked for other readers."""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import JSONResponse

from platform_core.crypto import FieldCipher, KeyConfigurationError, load_or_create_key_file
from platform_core.masking import mask_id_number, mask_middle, mask_passport
from platform_core.problems import problem_response
from platform_core.settings import Environment
from trade_service.settings import TradeSettings

log = logging.getLogger(__name__)

PII_PERMISSION = "trade:worker:pii"
NAME_CONTEXT = "trade_svc.labour_worker.name"
ID_NUMBER_CONTEXT = "trade_svc.labour_worker.id_number"
PASSPORT_CONTEXT = "trade_svc.labour_worker.passport_number"


def load_cipher(settings: TradeSettings) -> FieldCipher:
    """The configured key ring; outside production one is created once in the data folder (like the gateway's
    signing key), production must configure it."""
    configured = settings.pii_keys.get_secret_value().strip()
    if configured:
        return FieldCipher.from_config(configured)
    if settings.env is not Environment.PRODUCTION:
        return FieldCipher.from_config(load_or_create_key_file(settings.data_dir / "keys" / "trade-pii.keys"))
    raise KeyConfigurationError("TRADE_PII_KEYS is not set: workers' personal data cannot be encrypted or read")


def mask_name(value: str | None) -> str | None:
    """`张三丰` → `张**`: the surname only."""
    return mask_middle(value, 1, 0)


def masked(name: str, id_number: str, passport_number: str | None) -> tuple[str, str, str | None]:
    """The three personal fields as a reader without the permission sees them."""
    return mask_name(name) or "", mask_id_number(id_number) or "", mask_passport(passport_number)


async def crypto_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """A value that cannot be decrypted is a server fault: log why, answer 500, never return the ciphertext."""
    log.error("personal data could not be decrypted: %s", exc)
    return problem_response(request, 500, "pii_key_error", "个人信息无法解密：密钥配置错误，请联系系统管理员")
