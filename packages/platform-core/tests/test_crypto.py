"""Field encryption: round trips, key ids and rotation, keyed lookup hashes, and loud failures."""

from __future__ import annotations

import base64
import os
import stat

import pytest

from platform_core.crypto import (
    DecryptionError,
    FieldCipher,
    KeyConfigurationError,
    UnknownKeyError,
    generate_key_config,
    load_or_create_key_file,
    parse_key_config,
)

ID = "11010519491231002X"
CTX = "trade.worker.id_number"


def key(kid: str) -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def test_round_trip_is_randomised_and_names_the_key():
    cipher = FieldCipher.from_config(key("k1"))
    a, b = cipher.encrypt(ID, context=CTX), cipher.encrypt(ID, context=CTX)
    assert a != b and ID not in a
    assert a.startswith("v1:k1:") and cipher.key_id_of(a) == "k1"
    assert cipher.decrypt(a, context=CTX) == cipher.decrypt(b, context=CTX) == ID
    assert cipher.decrypt(cipher.encrypt("张三丰", context="n"), context="n") == "张三丰"
    assert cipher.encrypt_optional(None, context=CTX) is None and cipher.decrypt_optional(None, context=CTX) is None


def test_wrong_key_material_fails_loudly():
    token = FieldCipher.from_config(key("k1")).encrypt(ID, context=CTX)
    with pytest.raises(DecryptionError, match="does not authenticate under key 'k1'"):
        FieldCipher.from_config(key("k1")).decrypt(token, context=CTX)


def test_unknown_key_id_fails_loudly():
    token = FieldCipher.from_config(key("old")).encrypt(ID, context=CTX)
    with pytest.raises(UnknownKeyError, match="key 'old'"):
        FieldCipher.from_config(key("new")).decrypt(token, context=CTX)


def test_context_binds_the_value_to_its_column():
    cipher = FieldCipher.from_config(key("k1"))
    token = cipher.encrypt(ID, context=CTX)
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, context="trade.worker.passport_number")


def _flip_tail(token: str) -> str:
    return token[:-2] + ("AA" if token[-2:] != "AA" else "BB")


@pytest.mark.parametrize("mutate", [_flip_tail, lambda t: t + "x", str.upper])
def test_tampered_or_malformed_values_fail(mutate):
    cipher = FieldCipher.from_config(key("k1"))
    with pytest.raises((DecryptionError, UnknownKeyError)):
        cipher.decrypt(mutate(cipher.encrypt(ID, context=CTX)), context=CTX)


@pytest.mark.parametrize("token", ["", "plain text", "v2:k1:abc", "v1::abc", "v1:k1:"])
def test_non_ciphertexts_are_refused(token):
    with pytest.raises(DecryptionError):
        FieldCipher.from_config(key("k1")).decrypt(token, context=CTX)


def test_rotation_keeps_old_values_readable_and_matchable():
    old = key("2021")
    before = FieldCipher.from_config(old)
    token, digest = before.encrypt(ID, context=CTX), before.lookup_hash(ID, context=CTX)
    after = FieldCipher.from_config(f"{key('2026')},{old}")
    assert after.active_key_id == "2026" and after.key_ids == ("2026", "2021")
    assert after.decrypt(token, context=CTX) == ID
    assert after.needs_rotation(token) and after.needs_rotation(digest)
    assert digest in after.lookup_hashes(ID, context=CTX)
    fresh = after.reencrypt(token, context=CTX)
    assert after.key_id_of(fresh) == "2026" and not after.needs_rotation(fresh)
    assert not after.needs_rotation(after.lookup_hash(ID, context=CTX))


def test_lookup_hash_is_deterministic_keyed_and_per_context():
    k = key("k1")
    a, b = FieldCipher.from_config(k), FieldCipher.from_config(k)
    assert a.lookup_hash(ID, context=CTX) == b.lookup_hash(ID, context=CTX)
    assert a.lookup_hash(ID, context=CTX).startswith("k1:") and ID not in a.lookup_hash(ID, context=CTX)
    assert a.lookup_hash(ID, context=CTX) != a.lookup_hash(ID, context="other")
    assert a.lookup_hash(ID, context=CTX) != FieldCipher.from_config(key("k1")).lookup_hash(ID, context=CTX)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("", "no field encryption key"),
        ("   ", "no field encryption key"),
        ("k1", "kid:base64key"),
        ("bad kid:AAAA", "kid:base64key"),
        ("k1:!!!!", "not base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "must be 32 bytes"),
        (f"{key('k1')},{key('k1')}", "appears twice"),
    ],
)
def test_bad_configuration_is_refused_with_a_clear_message(config, message):
    with pytest.raises(KeyConfigurationError, match=message):
        FieldCipher.from_config(config)


def test_generated_configuration_parses_and_key_file_is_private(tmp_path):
    config = generate_key_config("demo")
    assert parse_key_config(config)[0][0] == "demo" and len(parse_key_config(config)[0][1]) == 32
    path = tmp_path / "keys" / "pii.keys"
    first = load_or_create_key_file(path)
    assert load_or_create_key_file(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    FieldCipher.from_config(first)
