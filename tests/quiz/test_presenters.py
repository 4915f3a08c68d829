"""What the results page says, built from a snapshot: the cards' one lines."""

from __future__ import annotations

from quiz.presenters import results_context


def fit(role: str, band: str, why: list[str], not_shown: list[str] = ()) -> dict:
    return {
        "role": role,
        "title": role.title(),
        "score": 70,
        "band": band,
        "why": [{"dimension": d, "drivers": []} for d in why],
        "not_shown": [{"dimension": d} for d in not_shown],
        "gaps": [],
        "elsewhere": [],
        "contrasts": [],
        "routes": [],
        "practice": [],
        "dimensions": [],
    }


def snapshot(*fits: dict) -> dict:
    names = {"data": "Données", "code": "Programmation", "maths": "Maths"}
    return {
        "dimensions": [{"slug": s, "name": n} for s, n in names.items()],
        "profile": {},
        "fits": list(fits),
    }


def test_the_three_cards_do_not_say_the_same_strong_point_three_times():
    top = results_context(
        snapshot(
            fit("a", "very_close", ["data"]),
            fit("b", "explore", ["data", "code"], ["maths"]),
            fit("c", "explore", ["data"], ["maths"]),
        )
    )["top"]
    assert [r.card_strength for r in top] == ["Données", "Programmation", ""]
    assert top[2].card_shortfall.name == "Maths"  # nothing new to say as a strength: what it asks


def test_a_close_role_with_only_a_strength_said_above_says_it_again():
    top = results_context(snapshot(fit("a", "very_close", ["data"]), fit("b", "close", ["data"])))["top"]
    assert [r.card_strength for r in top] == ["Données", "Données"]
