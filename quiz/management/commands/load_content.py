from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from quiz.content import content_load


class Command(BaseCommand):
    help = (
        "Load dimensions, roles and the questionnaire from the content files. "
        "Creates only what is missing; --reset brings roles back to the files and "
        "publishes the files' questionnaire as a new version."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", type=Path, default=settings.CONTENT_DIR)
        parser.add_argument("--reset", action="store_true")

    def handle(self, *args, dir: Path, reset: bool, **options) -> None:
        report = content_load(directory=dir, reset=reset)
        self.stdout.write(f"Content from {dir}: {report}")
