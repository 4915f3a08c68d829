"""Page weight: what a phone downloads for a page, gzip-compressed, stays under 50 KB.

The HTML of the landing page, a question page and a results page (real seeded content), plus
every static file the page references (stylesheets, scripts, images, icons, and what the
stylesheets reference with ``url()`` or ``@import``), each read from the static directories
through the staticfiles finders and compressed on its own, as a server would send it. A file
referenced twice is counted once. The last tests show the sum is real: a big image added to a
page or to the stylesheet makes it fail.
"""

from __future__ import annotations

import gzip
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from quiz import selectors, services
from quiz.models import Attempt
from tests.factories import results_url, shared_url

BUDGET = 50 * 1024
CSS_REFERENCE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")

pytestmark = pytest.mark.django_db


class References(HTMLParser):
    """The static files an HTML page makes the browser download."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload"}:
            self.urls.append(a.get("href", ""))
        elif tag in {"script", "img", "source", "audio", "video", "iframe", "embed"} and a.get("src"):
            self.urls.append(a["src"])
        if tag in {"img", "source"} and a.get("srcset"):
            self.urls += [part.split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "video" and a.get("poster"):
            self.urls.append(a["poster"])


def static_path(url: str) -> Path:
    """The file behind a /static/ URL, as the finders locate it (fails for anything else)."""
    path = urlparse(url).path
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert not urlparse(url).netloc, f"{url}: a file from another site (not allowed by the CSP)"
    assert path.startswith(prefix), f"{url}: not a static file"
    found = finders.find(path.removeprefix(prefix))
    assert found, f"{url}: referenced by the page but not in any static directory"
    return Path(found)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(html: bytes, client=None) -> dict[str, int]:
    """Compressed bytes of the HTML and of each file it pulls in, by name: static files from the
    finders, and (given a test client) images the site draws itself, such as a result's QR code,
    counted even when the page loads them only on demand."""
    weights = {"HTML": gzipped(html)}
    parser = References()
    parser.feed(html.decode())
    pending = [url for url in parser.urls if not url.startswith("data:")]
    seen: set[str] = set()
    while pending:
        url = urlparse(pending.pop()).path
        if url in seen:
            continue
        seen.add(url)
        if client is not None and not url.startswith("/" + settings.STATIC_URL.lstrip("/")):
            response = client.get(url)
            assert response.status_code == 200, f"{url}: {response.status_code}"
            weights[url] = gzipped(response.content)
            continue
        data = static_path(url).read_bytes()
        weights[url] = gzipped(data)
        if url.endswith(".css"):
            for match in CSS_REFERENCE.finditer(data.decode()):
                ref = (match.group(2) or match.group(4)).strip()
                if not ref.startswith(("data:", "#")):
                    pending.append(urljoin(url, ref))
    return weights


def describe(weights: dict[str, int]) -> str:
    lines = [f"{size / 1024:6.1f} KB  {name}" for name, size in sorted(weights.items(), key=lambda i: -i[1])]
    return f"{sum(weights.values()) / 1024:.1f} KB in all (budget {BUDGET / 1024:.0f} KB):\n" + "\n".join(
        lines
    )


def assert_light(html: bytes, client=None) -> dict[str, int]:
    weights = page_weight(html, client)
    assert sum(weights.values()) < BUDGET, describe(weights)
    return weights


def finished_attempt(questionnaire) -> Attempt:
    attempt = services.attempt_start(questionnaire=questionnaire, language="fr")
    for question in selectors.questions_with_effects(attempt.questionnaire_id):
        services.answer_record(attempt=attempt, question=question, choices=list(question.choices.all())[:1])
    services.attempt_finish(attempt=attempt)
    return attempt


def test_the_landing_page_weighs_under_50_kb(client, content):
    response = client.get(reverse("quiz:landing"))
    assert response.status_code == 200
    weights = assert_light(response.content)
    # The stylesheet, the scripts and the icon are all counted, not just the HTML.
    assert any(name.endswith(".css") for name in weights)
    assert sum(name.endswith(".js") for name in weights) >= 2
    assert any("favicon" in name for name in weights)


def test_a_question_page_weighs_under_50_kb(client, content):
    assert client.post(reverse("quiz:start")).status_code == 302
    response = client.get(reverse("quiz:question", kwargs={"position": 2}))
    assert response.status_code == 200
    assert 'name="choice"' in response.text
    assert_light(response.content)


def test_the_results_page_weighs_under_50_kb(client, content):
    response = client.get(results_url(finished_attempt(content)))
    assert response.status_code == 200
    assert 'class="ranking-list"' in response.text
    weights = assert_light(response.content, client)
    assert any(name.endswith("/qr.svg") for name in weights)


def test_the_shared_results_page_weighs_under_50_kb(client, content):
    response = client.get(shared_url(finished_attempt(content)))
    assert response.status_code == 200
    assert 'class="ranking-list"' in response.text
    weights = assert_light(response.content, client)
    assert any(name.endswith("/qr.svg") for name in weights)


# --- The sum is real ---------------------------------------------------------------------------


@pytest.fixture
def big_static(tmp_path, settings):
    """A 60 KB image that does not compress, and a stylesheet that uses it, in a static dir."""
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "huge.png").write_bytes(os.urandom(60 * 1024))
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "extra.css").write_text('.hero { background: url("../img/huge.png"); }')
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, tmp_path]
    finders.get_finder.cache_clear()
    yield tmp_path
    finders.get_finder.cache_clear()


def with_head(html: bytes, tag: str) -> bytes:
    return html.replace(b"</head>", tag.encode() + b"</head>", 1)


def test_a_big_image_on_the_page_breaks_the_budget(client, content, big_static):
    html = client.get(reverse("quiz:landing")).content
    weights = page_weight(with_head(html, '<img src="/static/img/huge.png" alt="">'))
    assert sum(weights.values()) >= BUDGET
    assert weights["/static/img/huge.png"] > 60 * 1000


def test_an_image_the_stylesheet_pulls_in_is_counted(client, content, big_static):
    html = client.get(reverse("quiz:landing")).content
    weights = page_weight(with_head(html, '<link rel="stylesheet" href="/static/css/extra.css">'))
    assert "/static/img/huge.png" in weights
    assert sum(weights.values()) >= BUDGET


def test_a_missing_static_file_fails_loudly(client, content):
    html = client.get(reverse("quiz:landing")).content
    with pytest.raises(AssertionError, match="not in any static directory"):
        page_weight(with_head(html, '<script src="/static/js/nowhere.js"></script>'))
