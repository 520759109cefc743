"""A Celery worker whose compile can be made slow: `python -m tests.slow_worker SECONDS celery-args...`.

Tests that kill a worker in the middle of a compile need the compile to take a while; the production
code has no hook for that, so this entry point wraps one step before the worker starts: the data step
(`SLOW_STEP=data`, the default) or the PDF step (`SLOW_STEP=pdf`: its partial file is already open).
"""

import os
import sys
import time

import django


def main() -> None:
    delay, worker_args = float(sys.argv[1]), sys.argv[2:]
    django.setup()
    from reports import compile as compiler
    from tamky_kdc.celery import app

    if delay and os.environ.get("SLOW_STEP", "data") == "pdf":
        from reports import pdf

        render = pdf.render_document

        def slow_render(*args, **kwargs):
            time.sleep(delay)
            return render(*args, **kwargs)

        pdf.render_document = slow_render
    elif delay:
        gather = compiler.gather

        def slow_gather(period):
            data = gather(period)
            time.sleep(delay)
            return data

        compiler.gather = slow_gather
    app.worker_main(argv=["worker", *worker_args])


if __name__ == "__main__":
    main()
