from __future__ import annotations

from classes import codes


def test_a_code_uses_only_unambiguous_characters():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == codes.LENGTH
        assert codes.is_well_formed(code)
        assert not set(code) & set("0O1IL")


def test_the_alphabet_has_thirty_symbols_so_codes_are_unguessable():
    assert len(set(codes.ALPHABET)) == 30
    assert len(codes.ALPHABET) ** codes.LENGTH > 6 * 10**11


def test_codes_are_not_repeated():
    assert len({codes.new_code() for _ in range(1000)}) == 1000


def test_what_a_student_types_is_normalised():
    assert codes.normalise(" abcd-2345 ") == "ABCD2345"
    assert codes.display("ABCD2345") == "ABCD-2345"
    assert not codes.is_well_formed("ABCD234")
    assert not codes.is_well_formed("ABCD234O")
