from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from quiz.lifecycle import attempts_purge, purge_requested


class Command(BaseCommand):
    help = (
        "Delete unfinished attempts idle for ATTEMPT_IDLE_DAYS (7) days and finished ones "
        "older than RESULT_RETENTION_DAYS (365), and what other apps keep around them (expired "
        "class sessions). Run it daily (cron)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args, dry_run: bool, **options) -> None:
        now = timezone.now()
        self.stdout.write(f"purge_attempts: {attempts_purge(now=now, dry_run=dry_run)}")
        for _receiver, line in purge_requested.send(sender=self.__class__, now=now, dry_run=dry_run):
            self.stdout.write(f"purge_attempts: {line}")
