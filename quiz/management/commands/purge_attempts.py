from __future__ import annotations

from django.core.management.base import BaseCommand

from quiz.lifecycle import attempts_purge


class Command(BaseCommand):
    help = (
        "Delete unfinished attempts idle for ATTEMPT_IDLE_DAYS (7) days and finished ones "
        "older than RESULT_RETENTION_DAYS (365), and expired class sessions. Run it daily (cron)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args, dry_run: bool, **options) -> None:
        report = attempts_purge(dry_run=dry_run)
        self.stdout.write(f"purge_attempts: {report}")
        # Class sessions (classes app) end with their expiry; imported here, in the command that
        # wires the retention rules together, so the quiz's own modules never import classes.
        from classes.lifecycle import sessions_purge

        sessions = sessions_purge(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"purge_attempts: {verb} {sessions} expired class session(s)")
