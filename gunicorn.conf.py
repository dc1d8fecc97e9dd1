"""gunicorn settings for `make serve` and production (gunicorn reads this file from the project folder).

Threaded workers (gthread): a slow or idle client holds one thread for a few seconds at most,
never a whole worker, so other visitors keep being served. In production put nginx in front
(README): it buffers slow clients and serves TLS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Each thread may hold one database connection: workers x threads stays well under max_connections.
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A request still running after 30 s is stuck: the worker is restarted.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Django writes one structured line per request itself (billtracker.requests), so no access log.
accesslog = None
errorlog = "-"
# Recycle workers now and then, staggered, so a slow leak never becomes an outage. Widely spread:
# with pages answered from the cache a worker serves hundreds a second, and two workers that
# recycled together (5,000 ± 500 did, every 20 s under bench/load.py) left nobody serving.
max_requests = 20000
max_requests_jitter = 10000
# No gunicornc control socket: its default path is shared by every gunicorn of this user on the
# machine, so a second site (or a developer's second checkout) would take over the first's.
control_socket_disable = True
