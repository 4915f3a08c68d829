"""The public addresses the content points to, built from codes wherever a code exists.

An RNCP number gives its record at France compétences, a ROME code its fiche at France Travail
and the apprenticeship offers of La bonne alternance, a few words a Parcoursup search; an
address is typed by hand only where no code exists (an Onisep page, another https page). The
address formats were checked against public uses of them, never by fetching them from here:

- Parcoursup's map of formations takes its search in ``search=``: the ministry's own
  MonProjetSup (github.com/betagouv/monprojetsup, ``CARTE_PARCOURSUP_PREFIX_URI``) builds its
  links to Parcoursup as ``https://dossier.parcoursup.fr/Candidat/carte?search=`` followed by
  the words (``?search=tourisme``) or by Parcoursup's codes of formations;
- Légifrance's addresses pair a kind of page with a kind of identifier (:func:`legifrance_problem`):
  an article (``LEGIARTI…``) of a text that is not a code under ``/loda/id/`` (the form Légifrance's
  own "modifié par" links take) or ``/loda/article_lc/``, of a code under ``/codes/article_lc/``
  or ``/codes/id/``; a text (``JORFTEXT…``, ``LEGITEXT…``) under ``/loda/id/`` or ``/jorf/id/``.
"""

from __future__ import annotations

import re
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

# Which identifiers each kind of Légifrance page takes (see the module docstring).
LEGIFRANCE_PAGE = re.compile(r"^/(loda|codes|jorf)/([a-z_]+)/([A-Z]+)\d{12}(/[\d-]*/?)?$")
LEGIFRANCE_IDS = {
    ("loda", "id"): {"LEGIARTI", "LEGITEXT", "JORFTEXT"},
    ("loda", "article_lc"): {"LEGIARTI"},
    ("codes", "id"): {"LEGIARTI", "LEGITEXT"},
    ("codes", "article_lc"): {"LEGIARTI"},
    ("codes", "texte_lc"): {"LEGITEXT"},
    ("jorf", "id"): {"JORFTEXT"},
    ("jorf", "article_jo"): {"JORFARTI"},
}


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


def legifrance_problem(url: str) -> bool:
    """Whether a Légifrance address puts an identifier where its kind of page takes another (an
    article under a text's page, a text under an article's), or an identifier it does not know.
    Other sites' addresses, and Légifrance's pages without an identifier, are not checked."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if host != "legifrance.gouv.fr" and not host.endswith(".legifrance.gouv.fr"):
        return False
    path = parsed.path
    if not path.startswith(("/loda/", "/codes/", "/jorf/")):
        return False
    match = LEGIFRANCE_PAGE.match(path)
    if not match:
        return True
    section, kind, prefix = match.group(1), match.group(2), match.group(3)
    return prefix not in LEGIFRANCE_IDS.get((section, kind), set())


def malformed(urls: Iterable[str]) -> list[str]:
    """The addresses whose form their site does not take (Légifrance's, for now)."""
    return sorted({url for url in urls if url and legifrance_problem(url)})


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
