"""Shared by the load tools: a production-like environment and gunicorn on a free port."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(workdir: Path, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG=0, a fresh SECRET_KEY) served over plain HTTP on loopback.

    The database is ``DATABASE_URL`` when set, else a new SQLite file in ``workdir``. Only the
    HTTPS switches that cannot work over plain loopback HTTP are turned off.
    """
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        STATIC_ROOT=str(workdir / "static"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.update(extra)
    return env


def database_label(env: dict[str, str]) -> str:
    url = env["DATABASE_URL"]
    if url.startswith(("postgres", "pgsql")):
        return "PostgreSQL (DATABASE_URL)"
    if url.startswith("sqlite"):
        return "SQLite file"
    return url.split(":", 1)[0]


def run(args: list[str], env: dict[str, str], *, quiet: bool = True) -> str:
    """Run a command from the project root; stop everything with its output if it fails."""
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    if not quiet:
        sys.stdout.write(done.stdout)
    return done.stdout


def setup_site(env: dict[str, str]) -> None:
    """collectstatic, migrate, createcachetable, load_content: what `make prod` does before serving."""
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    run([PYTHON, "manage.py", "migrate", "--noinput", "--verbosity", "0"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)
    run([PYTHON, "manage.py", "load_content", "--if-empty"], env)


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    port: int,
    workers: int,
    threads: int,
    log: Path,
    ready_path: str = "/",
) -> Iterator[subprocess.Popen]:
    """Serve the project with gunicorn until the block ends; stop only the process it started."""
    args = [
        PYTHON,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--graceful-timeout",
        "5",
    ]
    if threads > 1:
        args += ["--worker-class", "gthread", "--threads", str(threads)]
    with open(log, "ab") as handle:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited (code {process.returncode}); see {log}")
            try:
                status, _, _ = get(port, ready_path, timeout=2)
                if status < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer on port {port} within 30 s; see {log}")
            time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def errors_in_log(log: Path) -> list[str]:
    """Tracebacks and error lines gunicorn or Django wrote while serving."""
    if not log.exists():
        return []
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "Traceback" in line or " ERROR " in line or "[ERROR]" in line or "[CRITICAL]" in line
    ]
