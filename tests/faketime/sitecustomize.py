"""Loaded only by `make test-any-day`: libfaketime makes `time.sleep` fail now and then.

With only wall time faked (FAKETIME_DONT_FAKE_MONOTONIC=1), CPython's sleep, which waits with
clock_nanosleep on an absolute time, can fail with EINVAL (subprocess.run polls with it). This
sleep falls back to select's timeout, which no faked clock touches.
"""

import select
import time

_sleep = time.sleep


def _sleep_on(seconds: float) -> None:
    try:
        _sleep(seconds)
    except OSError:
        select.select([], [], [], seconds)


time.sleep = _sleep_on
