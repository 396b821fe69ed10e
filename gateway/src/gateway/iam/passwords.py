"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import asyncio
import secrets
import string
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# OWASP's argon2id floor: 19 MiB of memory, 2 iterations, 1 lane.
MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1

MAX_LENGTH = 128
# Temporary passwords avoid look-alike characters so they can be read out over the phone.
_TEMP_ALPHABETS = ("abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "@#%*+=?")

_hasher = PasswordHasher(
    time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, hash_len=32, salt_len=16, type=Type.ID
)


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the hash (malformed hashes never match)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random secret, made once, to verify unknown usernames against."""
    return _hasher.hash(secrets.token_urlsafe(16))


def burn_verification(password: str) -> None:
    """Spend one verification's worth of time, so an unknown username answers as slowly as a known one."""
    verify_password(_dummy_hash(), password)


async def hash_password_async(password: str) -> str:
    """Hash off the event loop (argon2 takes tens of milliseconds of CPU)."""
    return await asyncio.to_thread(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """Verify off the event loop; with no hash, burn the same time and fail."""
    if password_hash is None:
        await asyncio.to_thread(burn_verification, password)
        return False
    return await asyncio.to_thread(verify_password, password_hash, password)


def character_classes(password: str) -> set[str]:
    """Which of the four classes (lower, upper, digit, symbol) a password uses."""
    found: set[str] = set()
    for c in password:
        if c in string.ascii_lowercase:
            found.add("lower")
        elif c in string.ascii_uppercase:
            found.add("upper")
        elif c in string.digits:
            found.add("digit")
        elif not c.isspace():
            # Anything else visible, full-width punctuation or Chinese included, counts as a symbol.
            found.add("symbol")
    return found


def policy_violations(password: str, *, min_length: int = 8, username: str | None = None) -> list[str]:
    """The zh-CN reasons a password breaks the policy (empty when it passes)."""
    problems: list[str] = []
    if len(password) < min_length:
        problems.append(f"密码长度至少{min_length}位")
    if len(password) > MAX_LENGTH:
        problems.append(f"密码长度不能超过{MAX_LENGTH}位")
    if len(character_classes(password)) < 3:
        problems.append("密码须包含大写字母、小写字母、数字、符号中的至少三类")
    if username and username.lower() in password.lower():
        problems.append("密码不能包含登录名")
    return problems


def generate_temporary_password(length: int = 14) -> str:
    """A random password that satisfies the policy (one of each class, then random fill)."""
    chars = [secrets.choice(alphabet) for alphabet in _TEMP_ALPHABETS]
    pool = "".join(_TEMP_ALPHABETS)
    chars += [secrets.choice(pool) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
