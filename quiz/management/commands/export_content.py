from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quiz.content import content_export


class Command(BaseCommand):
    help = (
        "Write the dimensions, the roles and the published questionnaire to dimensions.json, "
        "roles.json and questionnaire.json, in the format load_content reads."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, default=settings.CONTENT_DIR)

    def handle(self, *args, dir: Path, **options) -> None:
        try:
            counts = content_export(directory=dir)
        except ValueError as error:
            raise CommandError(str(error)) from None
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(f"Content written to {dir}: {summary}")
