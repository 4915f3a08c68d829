"""Links in the admin: https only, and a warning for a host that is not a known public site."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from careers.links import host_is_known, unknown_hosts
from careers.models import Source

pytestmark = pytest.mark.django_db


def source_form(**overrides) -> dict:
    return {
        "key": "une-source",
        "title": "Une source",
        "publisher": "",
        "url": "",
        "year": "",
        "seed_file": "",
    } | overrides


def test_the_admin_refuses_an_address_that_is_not_https(editor_client):
    response = editor_client.post(
        reverse("admin:careers_source_add"), source_form(url="http://www.onisep.fr/x")
    )
    assert response.status_code == 200
    assert "https://" in response.text
    assert not Source.objects.exists()


def test_the_admin_warns_about_a_host_it_does_not_know(editor_client):
    response = editor_client.post(
        reverse("admin:careers_source_add"), source_form(url="https://blog.example.com/article"), follow=True
    )
    assert Source.objects.filter(url="https://blog.example.com/article").exists()
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("blog.example.com" in w for w in warnings), warnings


def test_a_known_public_host_raises_no_warning(editor_client):
    response = editor_client.post(
        reverse("admin:careers_source_add"), source_form(url="https://www.onisep.fr/metier"), follow=True
    )
    assert not [
        m for m in get_messages(response.wsgi_request) if "blog" in str(m) or "sites publics" in str(m)
    ]


def test_known_hosts_include_their_subdomains_only():
    assert host_is_known("https://concourspostprepas.onisep.fr/page")
    assert host_is_known("https://www.francecompetences.fr/recherche/rncp/35475/")
    assert not host_is_known("https://onisep.fr.example.com/")
    assert not host_is_known("https://notonisep.fr/")
    assert unknown_hosts(["https://www.onisep.fr/a", "https://x.org/b", ""]) == ["x.org"]
