"""The project's settings plus the bare view the benchmarks compare pages with (`make bench`).

Kept out of ``config``: production never mounts the benchmark's view.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
