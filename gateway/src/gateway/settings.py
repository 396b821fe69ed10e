"""Gateway settings (env prefix `GATEWAY_`)."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import ip_network

from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from platform_core.settings import REPO_ROOT, CommonSettings, Environment

DEFAULT_SECRET_MARK = "change-me"


class GatewaySettings(CommonSettings):
    """Identity, token lifetimes, upstreams, limits."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    public_base_url: str = "http://127.0.0.1:8000"
    signing_key_file: str = ""  # PEM; generated into the data folder on first start in demo mode
    # After a rotation, the previous key files: published in the JWKS (never used to sign) for one token lifetime.
    retired_signing_key_files: list[str] = Field(default_factory=list)
    access_token_ttl_seconds: int = Field(default=900, ge=5, le=900)
    refresh_idle_seconds: int = Field(default=1800, ge=60, le=1800)
    refresh_absolute_seconds: int = Field(default=12 * 3600, ge=300, le=12 * 3600)
    client_token_ttl_seconds: int = Field(default=900, ge=60, le=900)
    lockout_threshold: int = 5
    lockout_minutes: int = 15
    login_ip_limit_per_minute: int = 30
    # Addresses (or CIDR networks) of the reverse proxies in front of the gateway. Only a connection from one
    # of them may name the client in X-Forwarded-For; empty (the default): the connection's peer is the client.
    trusted_proxies: list[str] = Field(default_factory=list)
    # How long a gateway process trusts what it last read of a sign-in's state (session version, user enabled,
    # session ended) before reading it again: the longest a revoked access token still passes, per replica.
    session_check_ttl_s: float = Field(default=2.0, ge=0, le=5)
    password_min_length: int = 8
    # A new password may not repeat any of the account's last N passwords (the current one included).
    password_history_count: int = Field(default=5, ge=0, le=24)
    # Days after which a password must be changed (the sign-in and /auth/me say so); 0 turns expiry off.
    password_max_age_days: int = Field(default=90, ge=0)

    # Attachments of notices (通知公告): at most this many bytes each, of these types (sniffed from the bytes).
    notice_attachment_max_bytes: int = Field(default=8 * 1024 * 1024, ge=1)
    notice_attachment_types: list[str] = Field(default=["pdf", "jpeg", "png", "docx", "xlsx", "txt"])

    case_service_url: str = "http://127.0.0.1:8101"
    investment_service_url: str = "http://127.0.0.1:8102"
    trade_service_url: str = "http://127.0.0.1:8103"
    upstream_connect_timeout_s: float = Field(default=2.0, gt=0)
    # How long a request waits for its service's answer (and at most between two of its pieces), by route
    # kind (`gateway.proxy.routes.RouteKind`); past it the caller gets 504 naming the service.
    upstream_read_timeout_s: float = Field(default=5.0, gt=0)  # GET and HEAD: lists, details, statistics
    upstream_write_timeout_s: float = Field(default=10.0, gt=0)  # POST, PUT, PATCH, DELETE
    upstream_long_timeout_s: float = Field(default=120.0, gt=0)  # exports, imports, templates, reports
    upstream_keepalive_s: float = 4.0  # shorter than the services' keep-alive (5 s) so no dying socket is reused
    upstream_max_connections: int = 200
    # Circuit breaker per service: this many consecutive transport failures or timeouts open it; after the
    # cool-down one probe request may pass.
    upstream_breaker_failures: int = Field(default=5, ge=1)
    upstream_breaker_cooldown_s: float = Field(default=10.0, gt=0)
    # /readyz asks each service's /readyz with this timeout, concurrently, and keeps its answer this long.
    readyz_probe_timeout_s: float = Field(default=1.0, gt=0)
    readyz_cache_s: float = Field(default=1.0, ge=0)

    rate_limit_user_per_minute: int = 600
    rate_limit_client_per_minute: int = 1200
    rate_limit_anonymous_per_minute: int = 120
    # Per client address on the public operations (the SMS revisit link): a strict quota, tokens are not guessed.
    rate_limit_public_per_minute: int = 10
    redis_url: str = ""  # empty: in-memory limits
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = 10 * 1024 * 1024
    spa_dir: str = str(REPO_ROOT / "frontend" / "dist")
    demo_password: str = "Demo@2021pass"
    demo_client_secret: str = "Demo@2021secret"
    seed_province: str = "410000"
    # The cities of the province this installation serves: each gets its departments and county bureaus seeded.
    cities: list[str] = Field(default=["411500", "411300"], min_length=1)

    @field_validator("cities")
    @classmethod
    def _city_codes(cls, value: list[str]) -> list[str]:
        # A province, county or mistyped code would seed no units without a word: refuse it at start-up.
        wrong = [code for code in value if not (len(code) == 6 and code.isdigit() and code.endswith("00"))]
        wrong += [code for code in value if code.endswith("0000")]
        if wrong:
            raise ValueError(f"GATEWAY_CITIES takes city codes of GB/T 2260 (e.g. 411500), not {', '.join(wrong)}")
        if len(set(value)) != len(value):
            raise ValueError("GATEWAY_CITIES names a city twice")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: list[str]) -> list[str]:
        """Each entry must be an address or a network."""
        for entry in value:
            ip_network(entry.strip(), strict=False)
        return [entry.strip() for entry in value]

    @model_validator(mode="after")
    def _production_rules(self) -> GatewaySettings:
        """Production needs a real signing key file and no demo defaults."""
        if self.env is Environment.PRODUCTION and not self.signing_key_file:
            raise ValueError("GATEWAY_SIGNING_KEY_FILE must be set in production")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The configured URL or the embedded SQLite file."""
        return self.database_url or self.sqlite_url("gateway")


@lru_cache
def get_settings() -> GatewaySettings:
    """Settings read once from the environment."""
    return GatewaySettings()
