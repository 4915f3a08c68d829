"""CPU time per request of each benchmarked page, in one process through Django's WSGI handler.

    python -m bench.cpu FIXTURES.json [--requests 200] [--rounds 3]

Prints one JSON object: page key → milliseconds of CPU per request (the least of ``--rounds``
rounds). bench/run.py puts them next to wrk's figures: other processes on a shared machine take
cores away from wrk and gunicorn, which moves req/s a lot from one run to the next, but they do not
add to this process's own CPU time (``time.process_time``), which moves far less.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time


def call(app, request: dict) -> int:
    body = (request.get("body") or "").encode()
    environ = {
        "REQUEST_METHOD": request["method"],
        "PATH_INFO": request["path"],
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }
    if request.get("cookie"):
        environ["HTTP_COOKIE"] = request["cookie"]
    if body:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
    status = []
    chunks = app(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return int(status[0].split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixtures")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    from django.core.wsgi import get_wsgi_application

    from bench.run import endpoints

    app = get_wsgi_application()
    with open(args.fixtures, encoding="utf-8") as handle:
        data = json.load(handle)
    found = {}
    for endpoint in endpoints(data):
        request = endpoint.requests[0]
        for _ in range(10):  # what the content version caches is built on the first ones
            status = call(app, request)
        if status != endpoint.expect_status:
            raise SystemExit(f"{endpoint.label}: status {status}, expected {endpoint.expect_status}")
        rounds = []
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in range(args.requests):
                call(app, request)
            rounds.append((time.process_time() - started) / args.requests * 1000)
        found[endpoint.key] = round(min(rounds), 3)
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
