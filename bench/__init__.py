"""Load tools: `make bench`, `make bench SCALE=1`, `make loadcheck` (see docs/benchmarks.md)."""
