"""Many offices, one deployment: `main.py worker` (docs/PROVINCE.md).

- `registry`: the offices, one `<slug>.env` file each in OFFICES_DIR.
- `schemas`: one PostgreSQL schema per office on a shared database, and the shared pool.
- `locks`: the worker's claim on each office it runs (advisory locks on one connection).
- `hosting`: one office's Application, started and stopped inside the worker's event loop.
- `webhooks`: `/telegram/<slug>` on every worker, relayed through the office's schema to
  the worker that holds it.
- `worker`: the loop that shares the offices out among the live workers.
"""
