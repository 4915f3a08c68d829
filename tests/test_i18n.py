"""The interface is complete in French (the default) and in English (the language switch).

Msgids are the English source strings; ``locale/fr/LC_MESSAGES/django.po`` holds the French.
The pages tests need the compiled catalogue (``make test`` compiles it first).
"""

from __future__ import annotations

import html as htmllib
import re
import shutil
from contextlib import chdir
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.factories import results_url, shared_url
from tests.quiz.test_views_question import answer_everything, q_url, started

FRENCH_PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
ENGLISH_PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CONTENT_NOTE = "Role descriptions and questions are in French for now."


# --- The catalogue ---------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


def read_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for the checks below (the stdlib has none)."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line):
                current = match.group(1)
                value = _unquote(match.group(2))
                if current.startswith("msgstr"):
                    entry.msgstr.append(value)
                else:
                    setattr(entry, current, value)
            elif line.startswith('"') and current:
                value = _unquote(line[1:-1])
                if current.startswith("msgstr"):
                    entry.msgstr[-1] += value
                else:
                    setattr(entry, current, getattr(entry, current) + value)
        if current:
            entries.append(entry)
    return entries


def messages(path: Path) -> list[Entry]:
    """Every message but the header."""
    return [e for e in read_po(path) if e.msgid and not e.obsolete]


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}", text))


def test_the_french_catalogue_exists_and_is_not_empty():
    assert len(messages(FRENCH_PO)) > 100


def test_every_french_message_is_translated():
    untranslated = [e.msgid for e in messages(FRENCH_PO) if not all(e.msgstr) or not e.msgstr]
    assert untranslated == []


def test_no_french_message_is_fuzzy():
    headers = [e for e in read_po(FRENCH_PO) if not e.msgid]
    fuzzy = [e.msgid for e in messages(FRENCH_PO) + headers if "fuzzy" in e.flags]
    assert fuzzy == []


def test_french_plurals_fill_every_form():
    header = next(e for e in read_po(FRENCH_PO) if not e.msgid).msgstr[0]
    forms = int(re.search(r"nplurals=(\d+)", header).group(1))
    for entry in messages(FRENCH_PO):
        if entry.msgid_plural is not None:
            assert len(entry.msgstr) == forms, entry.msgid


def test_french_translations_keep_every_placeholder():
    for entry in messages(FRENCH_PO):
        expected = placeholders(entry.msgid_plural or entry.msgid)
        for text in entry.msgstr[-1:]:  # the general plural form (or the only form) names them all
            assert placeholders(text) == expected, entry.msgid


def test_french_typography_uses_non_breaking_spaces():
    for entry in messages(FRENCH_PO):
        for text in entry.msgstr:
            assert not re.search(r" [:;!?»]|« | %(?!\()", text), f"{entry.msgid!r} → {text!r}"


def keys(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in messages(path)}


def test_the_english_catalogue_has_the_same_messages():
    assert keys(ENGLISH_PO) == keys(FRENCH_PO)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_the_catalogue_has_every_string_of_the_code(tmp_path, settings):
    """A string added to the code without running makemessages (and translating it) fails here."""
    project = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        project,
        ignore=shutil.ignore_patterns(
            ".*", "__pycache__", "tests", "bench", "locale", "staticfiles", "node_modules", "*.sqlite3*"
        ),
    )
    (project / "locale").mkdir()
    settings.LOCALE_PATHS = [project / "locale"]
    with chdir(project):
        call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True)
    in_code = keys(project / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    assert len(in_code) > 100
    missing = in_code - keys(FRENCH_PO)
    assert missing == set(), "run makemessages (see README) and translate the new strings"


# --- The pages -------------------------------------------------------------------------------

# For each page: a few words of the French interface, and the same places in English.
PAGES = {
    "landing": (
        ["Quel métier de l'IA est fait pour toi", "Commencer le quiz", "Comment ça marche"],
        ["Which AI job is made for you?", "Start the quiz", "How it works"],
    ),
    "question": (
        ["Question 1 sur 4", "Suivant"],
        ["Question 1 of 4", "Next", CONTENT_NOTE],
    ),
    "results": (
        ["Tes métiers de l'IA", "Pourquoi il te correspond", "Comment y arriver", "Refaire le quiz"],
        ["Your AI jobs", "Why it fits you", "How to get there", "Take the quiz again", CONTENT_NOTE],
    ),
    "shared_results": (
        ["Résultats partagés", "Quelqu'un a partagé ses résultats", "Faire le quiz moi aussi"],
        ["Shared results", "Someone shared their Cap IA results", "Take the quiz myself", CONTENT_NOTE],
    ),
    "catalogue": (
        ["Accessible après", "Tous les diplômes", "Filtrer", "3 métiers trouvés"],
        ["Reachable from", "Any diploma", "Filter", "3 roles found", CONTENT_NOTE],
    ),
    "role": (
        ["Tous les métiers de l'IA", "Comment y arriver"],
        ["All AI jobs", "How to get there", CONTENT_NOTE],
    ),
    "not_found": (
        ["Page introuvable", "Cette page n'existe pas", "Retour à l'accueil"],
        ["Page not found", "This page does not exist", "Back to the home page"],
    ),
    "privacy": (
        ["Ta vie privée", "Combien de temps", "Aucun pistage"],
        ["Your privacy", "For how long", "No tracking"],
    ),
}
# On every page: the layout (skip link, navigation, footer).
LAYOUT_FR = ["Aller au contenu", "Métiers de l'IA", "trouve les métiers de l'IA qui te correspondent"]
LAYOUT_EN = ["Skip to content", "AI jobs", "find the AI jobs that fit you"]


def page_url(client, page: str) -> str:
    """Bring the client to where the page can be seen; return its address."""
    if page == "question":
        started(client)
        return q_url(1)
    if page == "results":
        return results_url(answer_everything(client))
    if page == "shared_results":
        return shared_url(answer_everything(client))
    if page == "catalogue":
        return reverse("careers:catalogue")
    if page == "role":
        return reverse("careers:role_detail", kwargs={"slug": "dev"})
    if page == "not_found":
        return "/cette-page-n-existe-pas/"
    if page == "privacy":
        return reverse("quiz:privacy")
    return reverse("quiz:landing")


def french_interface_strings() -> list[str]:
    """The French interface's own sentences: long enough not to be role content by chance."""
    return [
        text
        for entry in messages(FRENCH_PO)
        for text in entry.msgstr
        if text != entry.msgid and len(text) >= 20 and not placeholders(text) and "<" not in text
    ]


def get(client, url: str) -> tuple[int, str]:
    """The status and the page as text (entities decoded, so l'IA reads as typed)."""
    response = client.get(url)
    return response.status_code, htmllib.unescape(response.text)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_in_french_by_default(client, small_quiz, page):
    status, html = get(client, page_url(client, page))
    assert status == (404 if page == "not_found" else 200)
    assert '<html lang="fr">' in html
    for text in PAGES[page][0] + LAYOUT_FR:
        assert text in html, text
    assert CONTENT_NOTE not in html
    assert "content-language-note" not in html


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_in_english_with_the_language_cookie(client, small_quiz, page):
    url = page_url(client, page)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status, html = get(client, url)
    assert status == (404 if page == "not_found" else 200)
    assert '<html lang="en">' in html
    for text in PAGES[page][1] + LAYOUT_EN:
        assert text in html, text
    leftovers = [text for text in PAGES[page][0] + LAYOUT_FR if text in html]
    leftovers += [text for text in french_interface_strings() if text in html]
    assert leftovers == []


@pytest.mark.parametrize("page", PAGES)
def test_a_page_seen_in_french_comes_back_in_english(client, small_quiz, page):
    """Whatever is kept between requests (cache, session) must not keep the language too."""
    url = page_url(client, page)
    french, english = PAGES[page][0][0], PAGES[page][1][0]
    assert french in get(client, url)[1]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = get(client, url)[1]
    assert english in html and french not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = get(client, url)[1]
    assert french in html and english not in html


def test_the_language_switch_sets_english_then_french_again(client, small_quiz):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").text
    assert "Start the quiz" in html and "Commencer le quiz" not in html
    # The switch offers the other language, named in that language.
    assert 'value="fr" lang="fr">Français</button>' in html

    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    html = client.get("/").text
    assert "Commencer le quiz" in html and "Start the quiz" not in html
    assert 'value="en" lang="en">English</button>' in html


def test_the_browser_language_alone_does_not_switch_to_english(client, small_quiz):
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert "Commencer le quiz" in html


def test_error_messages_of_the_quiz_are_translated(client, small_quiz):
    started(client)
    html = client.post(q_url(2), {}).text
    assert "Choisis une réponse pour continuer." in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.post(q_url(2), {}).text
    assert "Choose an answer to go on." in html


def test_the_charts_use_french_number_typography(client, small_quiz):
    url = results_url(answer_everything(client))
    assert "100\xa0%" in client.get(url).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).text
    assert "100%" in html and "100\xa0%" not in html


def test_the_too_many_starts_page_is_translated(client, small_quiz, settings):
    settings.QUIZ_START_RATE_LIMIT = 1
    started(client)
    response = client.post(reverse("quiz:start"))
    assert response.status_code == 429
    assert "On fait une petite pause" in htmllib.unescape(response.text)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("quiz:start"))
    assert response.status_code == 429
    html = htmllib.unescape(response.text)
    assert "Let's take a short break" in html and "On fait une petite pause" not in html
