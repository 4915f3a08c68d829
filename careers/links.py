"""The public addresses the content points to, built from codes wherever a code exists.

An RNCP number gives its record at France compétences, a ROME code its fiche at France Travail
and the apprenticeship offers of La bonne alternance, a few words a Parcoursup search; an
address is typed by hand only where no code exists (an Onisep page, another https page). The
address formats were checked against public uses of them (docs in README, "Training paths").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlparse

from django.conf import settings
from django.utils.translation import gettext_lazy as _

RNCP_RECORD = "https://www.francecompetences.fr/recherche/rncp/{number}/"
ROME_FICHE = "https://candidat.francetravail.fr/metierscope/fiche-metier/{code}"
JOB_OFFERS = "https://candidat.francetravail.fr/offres/recherche?{query}"
APPRENTICESHIP_OFFERS = "https://labonnealternance.apprentissage.beta.gouv.fr/recherche?{query}"
PARCOURSUP_SEARCH = "https://dossier.parcoursup.fr/Candidat/carte?search={words}"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def rncp_record(number: str) -> str:
    return RNCP_RECORD.format(number=number)


def rome_fiche(code: str) -> str:
    return ROME_FICHE.format(code=code)


def job_offers(words: str) -> str:
    """France Travail's job offers for these words (the fiche's label: the offers' search by
    keyword is the format public uses confirm)."""
    return JOB_OFFERS.format(query=urlencode({"motsCles": words}))


def apprenticeship_offers(codes: Iterable[str]) -> str:
    """La bonne alternance's apprenticeship offers for these ROME codes (three at most)."""
    return APPRENTICESHIP_OFFERS.format(
        query=urlencode({"romes": ",".join(list(codes)[:3]), "radius": 30, "displayFormations": "false"})
    )


def parcoursup_search(words: str) -> str:
    return PARCOURSUP_SEARCH.format(words=quote(words))


def step_links(step) -> list[Link]:
    """A training step's public references, most useful first."""
    links = []
    if step.onisep_url:
        links.append(Link(str(_("Onisep page")), step.onisep_url))
    if step.parcoursup_query:
        links.append(Link(str(_("Search it on Parcoursup")), parcoursup_search(step.parcoursup_query)))
    if step.rncp_number:
        links.append(Link(str(_("RNCP record (France compétences)")), rncp_record(step.rncp_number)))
    if step.url:
        links.append(Link(str(_("More about it")), step.url))
    return links


def role_links(rome_codes) -> list[Link]:
    """The role's job and apprenticeship offers, from its ROME codes (the first is the main one)."""
    codes = list(rome_codes)
    if not codes:
        return []
    main = codes[0]
    return [
        Link(str(_("Job offers (France Travail)")), job_offers(main.label)),
        Link(
            str(_("Apprenticeship offers (La bonne alternance)")),
            apprenticeship_offers(c.code for c in codes),
        ),
    ]


def host_is_known(url: str) -> bool:
    """Whether the address is on a public host the project knows (settings.KNOWN_PUBLIC_HOSTS)."""
    host = (urlparse(url).hostname or "").lower()
    return any(host == known or host.endswith("." + known) for known in settings.KNOWN_PUBLIC_HOSTS)


def unknown_hosts(urls: Iterable[str]) -> list[str]:
    return sorted({urlparse(url).hostname or url for url in urls if url and not host_is_known(url)})


def content_links() -> Iterator[tuple[str, str, str]]:
    """Every address of the content: (role or source, where, address), for an editor to check."""
    from careers.models import Role, Source

    for source in Source.objects.exclude(url=""):
        yield (str(source), str(_("source")), source.url)
    roles = Role.objects.prefetch_related("rome_codes", "steps__route").order_by("title")
    for role in roles:
        codes = list(role.rome_codes.all())
        for code in codes:
            yield (role.title, f"ROME {code.code}", rome_fiche(code.code))
        for link in role_links(codes):
            yield (role.title, link.label, link.url)
        for step in role.steps.all():
            for link in step_links(step):
                yield (role.title, step.title, link.url)
