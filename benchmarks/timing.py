"""What the benchmark scripts share: one core, the timing of calls, their words.

``staging.py``, ``contacts.py`` and ``contacts_suggest.py`` measure on one core. Importing this
module limits numpy's thread pools (OpenMP, OpenBLAS, MKL) to one thread each; numpy reads the
limits when it is imported, so this module must be imported before numpy is, by the script's
first import (``# isort: split`` after it keeps it first). :func:`one_core` pins the process to
one CPU. The rest is the same in every script: a call's median time after a warm-up
(:func:`median_time`), the time of one run (:func:`once`), its peak memory
(:func:`peak_memory`), a target's verdict (:func:`verdict`) and a label (:func:`label`).

The scripts run as ``python benchmarks/<name>.py``, so this folder is on ``sys.path`` and the
module is imported as ``timing``.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

# numpy reads these when it is imported: one thread each, so the figures are for one core.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["MKL_NUM_THREADS"] = "1"

from branchkit.records import Label

T = TypeVar("T")


def one_core() -> None:
    """Pin the process to one CPU, the first it may run on (where the system can pin)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def median_time(call: Callable[[], T], repeats: int) -> tuple[float, T]:
    """The median wall-clock time of ``call`` over ``repeats`` runs after a warm-up; its result.

    :param call: what to time.
    :param repeats: how many timed runs.
    """
    result = call()
    gc.collect()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def once(call: Callable[[], T]) -> tuple[float, T]:
    """The wall-clock time of one run of ``call`` (for slow calls), and its result.

    :param call: what to time.
    """
    gc.collect()
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def peak_memory(call: Callable[[], object]) -> int:
    """The peak of memory allocated during ``call``, in bytes (numpy reports to tracemalloc).

    :param call: what to measure.
    """
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def verdict(met: bool) -> str:
    """Whether a target is met, in words.

    :param met: whether it is.
    """
    return "met" if met else "NOT met"


def label(text: str) -> Label:
    """A label in both languages (the benchmark's are English).

    :param text: the words.
    """
    return Label(zh=text, en=text)
