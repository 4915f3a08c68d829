"""Join codes: short, read aloud in a classroom, typed on a phone, never guessed.

Pure Python. 30 symbols with none that reads like another (no 0/O, 1/I/L, nor U/V), 8 of them:
30⁸ ≈ 6.6 × 10¹¹ codes. With a thousand live sessions and the join limit's 20 wrong codes per
address per 10 minutes, one address needs about 10⁵ years on average to hit any class.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """What a student typed, as stored: upper case, without spaces or dashes (the code is shown
    as ``ABCD-EFGH``)."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def display(code: str) -> str:
    """``ABCDEFGH`` → ``ABCD-EFGH``: two groups of four are easier to read aloud."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == LENGTH else code
