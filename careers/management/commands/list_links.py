"""``manage.py list_links``: every address the content points to, for an editor to check."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from careers.links import content_links, host_is_known, legifrance_problem


class Command(BaseCommand):
    help = (
        "List every link of the content (sources, ROME fiches and offers, training steps), one per line "
        "as role or source, where, address; '?' marks a host that is not a known public site, '!' an "
        "address whose form its site does not take."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--unknown",
            action="store_true",
            help="only the links to hosts not known, or in a form their site does not take",
        )

    def handle(self, *args, unknown: bool = False, **options) -> None:
        count = shown = 0
        for owner, where, url in content_links():
            count += 1
            known = host_is_known(url)
            wrong = legifrance_problem(url)
            if unknown and known and not wrong:
                continue
            shown += 1
            mark = "!" if wrong else " " if known else "?"
            self.stdout.write(f"{mark} {owner} | {where} | {url}")
        self.stdout.write(f"{shown} of {count} links listed.")
