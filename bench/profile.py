"""Profile one page in-process on a benchmark database: where a cold render spends its time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/billtracker_bench python bench/profile.py /compare/

GET requests through Django's test client with bench/settings.py, debug off and the page cache
off (every request renders), on the data as it is (nothing is written). Prints the wall and CPU
time per request and pyinstrument's call tree of all of them together.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import require_bench_database, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="the page, e.g. /compare/ or '/bills/?q=warrant'")
    parser.add_argument("--repeat", type=int, default=5, help="requests profiled (after one unprofiled)")
    args = parser.parse_args()
    require_bench_database()
    os.environ["DJANGO_PAGE_CACHE"] = "0"
    os.environ["DJANGO_DEBUG"] = "0"
    setup_django("bench.settings")
    logging.getLogger("billtracker.requests").disabled = True
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    client.get(args.path)  # templates compiled, connections open
    profiler = Profiler(interval=0.0005)
    cpu, wall = time.process_time(), time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            response = client.get(args.path)
    cpu, wall = (time.process_time() - cpu) / args.repeat, (time.perf_counter() - wall) / args.repeat
    print(f"{args.path}: {response.status_code}, {len(response.content) / 1024:.0f} KB, ", end="")
    print(f"{wall * 1000:.1f} ms wall and {cpu * 1000:.1f} ms CPU a request (profiler included)")
    print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
