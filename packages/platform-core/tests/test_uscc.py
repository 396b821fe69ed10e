"""The USCC check (GB 32100-2015): published valid codes, each kind of error, the GB 11714 warning."""

import pytest

from platform_core.uscc import WEIGHTS, check_character, check_uscc, normalise_uscc, org_code_check

PUBLISHED = ["914403001922038216", "91330100716105852F", "9144030071526726XG"]


def test_weights_are_powers_of_three_mod_31():
    assert WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code):
    result = check_uscc(code)
    assert result.ok and result.value == code


def test_lower_case_and_spaces_are_normalised():
    assert normalise_uscc(" 91330100716105852f ") == "91330100716105852F"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91440300192203821", "18位"),
        ("9144030019220382160", "18位"),
        ("91440300192203821I", "非法字符"),
        ("91440300192203821O", "非法字符"),
        ("B14403001922038216", "登记管理部门"),
        ("9144X3001922038216", "行政区划"),
        ("914403001922038217", "校验位"),
        ("91330100716105852G", "校验位"),
    ],
)
def test_invalid_codes_name_the_problem(code, message):
    result = check_uscc(code)
    assert not result.ok and message in result.error
    with pytest.raises(ValueError, match=message):
        normalise_uscc(code)


def test_every_single_character_change_is_caught():
    code = PUBLISHED[1]
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for pos in range(8, 17):
        for ch in alphabet:
            if ch == code[pos]:
                continue
            changed = code[:pos] + ch + code[pos + 1 :]
            assert not check_uscc(changed).ok, changed


def test_check_character_31_becomes_zero():
    # A body whose weighted sum is 0 mod 31 must get check "0", not an out-of-range index.
    assert check_character("00000000000000000") == "0"


def test_org_code_check_is_a_warning_only():
    first17 = "91411522MA45R7K3" + ("0" if org_code_check("MA45R7K3") != "0" else "1")
    code = first17 + check_character(first17)
    result = check_uscc(code)
    assert result.ok
    assert result.warnings and "组织机构代码" in result.warnings[0]


def test_org_code_check_values():
    # GB 11714: 10 → X, 11 → 0
    assert org_code_check("D2143569") == "X"
    assert org_code_check("71610585") == "2"
