"""Tooling around drillbook, not drillbook itself: what builds data to look at or measure it.

- `demo_city/`: `drillbook seed-demo`, the generated demo city (seeds/demo/*.toml).
- `synthetic_province/`: `drillbook generate-province`, a province-sized database for benchmarks.
- `competency_evidence.py`: generated competency evidence and night shifts for both of them.
- `benchmarks/`: `drillbook bench ...`, one module per benchmark (`load/` the mixed workload).
- `local_server.py`: `drillbook serve` in a child process on a free port, for benchmarks and tests.

The product (backend.app and everything it imports) never imports this package; only
backend/cli.py does, lazily inside the commands above (tests/unit/test_tooling_apart.py checks).
Tooling may import the product, never the other way round.
"""
