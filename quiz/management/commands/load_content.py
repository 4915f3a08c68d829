from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from quiz.content import ContentConflict, content_exists, content_load


class Command(BaseCommand):
    help = (
        "Load dimensions, roles and the questionnaire from the content files. "
        "Creates only what is missing, found by content keys editors cannot change; "
        "--reset brings roles back to the files and publishes the files' questionnaire as a new "
        "version; --if-empty loads only into a database without any content (deploys)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, default=settings.CONTENT_DIR)
        parser.add_argument("--reset", action="store_true")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has content: a deploy never changes editors' work.",
        )

    @no_translations  # the console speaks English, as the rest of the command does
    def handle(self, *args, dir: Path, reset: bool, if_empty: bool, **options) -> None:
        if if_empty and content_exists():
            self.stdout.write("The database already has content: nothing loaded.")
            return
        try:
            report = content_load(directory=dir, reset=reset)
        except ContentConflict as conflict:
            raise CommandError(f"Nothing loaded. {conflict}") from conflict
        self.stdout.write(f"Content from {dir}: {report}")
