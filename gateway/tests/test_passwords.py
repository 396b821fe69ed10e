"""Password hashing parameters and the password policy."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type

from gateway.iam import passwords


def test_hash_is_argon2id_with_at_least_19_mib_and_2_iterations():
    hashed = passwords.hash_password("Correct-horse-1")
    assert hashed.startswith("$argon2id$")
    params = dict(part.split("=") for part in hashed.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024
    assert int(params["t"]) == 2
    assert passwords.verify_password(hashed, "Correct-horse-1")
    assert not passwords.verify_password(hashed, "correct-horse-1")


def test_same_password_gets_a_different_salt():
    assert passwords.hash_password("Same-Pass-1") != passwords.hash_password("Same-Pass-1")


def test_malformed_hash_never_matches():
    assert not passwords.verify_password("not-a-hash", "anything")
    assert passwords.needs_rehash("not-a-hash")


def test_weaker_hash_needs_rehash():
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1, type=Type.ID).hash("Old-Pass-1")
    assert passwords.verify_password(weak, "Old-Pass-1")
    assert passwords.needs_rehash(weak)
    assert not passwords.needs_rehash(passwords.hash_password("New-Pass-1"))


async def test_async_verify_without_hash_spends_time_and_fails():
    assert not await passwords.verify_password_async(None, "whatever")
    hashed = await passwords.hash_password_async("Async-Pass-1")
    assert await passwords.verify_password_async(hashed, "Async-Pass-1")


@pytest.mark.parametrize(
    "password",
    ["Abcdefg1", "abcdefg1!", "ABCDEFG1!", "Abcdefgh!", "密码Abc12345", "abc def 1 !"],
)
def test_policy_accepts_eight_characters_of_three_classes(password):
    assert passwords.policy_violations(password) == []


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ab1!", "密码长度至少8位"),
        ("abcdefgh", "三类"),
        ("abcdefg1", "三类"),
        ("ABCDEFGH12", "三类"),
        ("!!!!????aa", "三类"),
        ("A" * 100 + "b1!" + "c" * 30, "128"),
    ],
)
def test_policy_refuses_short_or_too_uniform_passwords(password, reason):
    problems = passwords.policy_violations(password)
    assert problems and any(reason in p for p in problems)


def test_policy_refuses_the_username_inside_the_password():
    assert any("登录名" in p for p in passwords.policy_violations("Guangshan@2021", username="guangshan"))


def test_policy_minimum_length_is_configurable():
    assert passwords.policy_violations("Abcdef1!", min_length=10)


def test_temporary_passwords_pass_the_policy_and_differ():
    generated = {passwords.generate_temporary_password() for _ in range(50)}
    assert len(generated) == 50
    for value in generated:
        assert passwords.policy_violations(value) == []
        assert len(passwords.character_classes(value)) == 4
