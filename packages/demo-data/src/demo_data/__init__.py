"""Demo data of every service, loaded by `python -m <service>.cli seed --demo` (never in production)."""
