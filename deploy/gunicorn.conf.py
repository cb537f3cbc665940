"""gunicorn settings for `make serve` (read from the environment, so one file serves every machine).

Threads in each worker: Mandates' requests spend their time waiting for the database, and gthread
workers keep a persistent database connection per thread (MANDATES_CONN_MAX_AGE). MANDATES_WEB_WORKER_CLASS=sync
(with MANDATES_WEB_THREADS=1) serves one request per process, queued in the kernel: measured on a loaded machine
in BENCHMARKS.md (load8); not the default.
"""
import multiprocessing
import os

bind = f"{os.environ.get('MANDATES_BIND', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("MANDATES_WEB_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("MANDATES_WEB_THREADS", "4"))
worker_class = os.environ.get("MANDATES_WEB_WORKER_CLASS", "gthread")
timeout = int(os.environ.get("MANDATES_WEB_TIMEOUT", "60"))
graceful_timeout = 20
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("MANDATES_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("MANDATES_FORWARDED_ALLOW_IPS", "127.0.0.1")
