"""Settings for bench/serve.py only: production settings, plus the bare view and per-request counts.

Never used by the site: the bare view and the counting middleware exist only here.
"""

from billtracker.settings import *  # noqa: F403
from billtracker.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# First, so it counts every query and the CPU of everything below it, the page cache included.
MIDDLEWARE = ["bench.middleware.CountingMiddleware", *MIDDLEWARE]
# The bare view is the floor: never answered from the page cache, it goes through every middleware.
PAGE_CACHE_SKIP_PATHS = (*PAGE_CACHE_SKIP_PATHS, "/bench/")  # noqa: F405
