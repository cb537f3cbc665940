"""``make bench``: workloads beside their floors on SQLite and PostgreSQL, and a load run (see run.py)."""
