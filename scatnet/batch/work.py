"""The work of ``scatnet extract`` on one task, in whichever process runs it (client or Dask worker).

A task is a group of inputs of equal length scattered together by :func:`scatnet.sc_propagate`,
one long sound file streamed through :func:`scatnet.sc_stream`, or (``.mat`` output) one input
whose whole ``S`` is kept for :func:`scatnet.save_mat`. The architecture travels as its resolved
options (:class:`~scatnet.scattering_m.options.spec.Plan`, small and hashable) and is built once
per process (:func:`archs_for`).
"""
from dataclasses import dataclass, field

import numpy as np

from ..scattering_m.architecture import Architecture, arch_layers
from ..scattering_m.format import sc_format
from ..scattering_m.propagate import sc_propagate
from ..stream import sc_stream
from .signals import out_shape, rate_ratio, read_item, stream_item

__all__ = ["Result", "Settings", "Task", "archs_for", "remember", "run_task", "set_threads"]

_ARCHS = {}  # Plan → Architecture, in this process
_THREADS = [None]  # scatnet threads of this process (None: all cores)


@dataclass(frozen=True)
class Settings:
    """What turns an input into features, besides the options."""

    fs: float | None = None  #: the rate the opts assume
    resample: bool = False
    channels: object = "all"  #: 'all', 'mono' or a channel index
    dtype: str = "float64"
    n_jobs: int | None = None  #: None: the process's default (:func:`set_threads`)
    block_seconds: float = 10.0


@dataclass(frozen=True)
class Task:
    """Inputs scattered together: ``kind`` is 'group', 'long' or 'whole'."""

    kind: str
    items: tuple


@dataclass
class Result:
    """Features (or the ``S`` of ``sc_propagate`` for 'whole' tasks) of one input, or its error."""

    key: str
    source: str
    data: object = None
    attrs: dict = field(default_factory=dict)
    error: str | None = None


def remember(archs):
    """Keep an architecture built here for the tasks of this process.

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    """
    _ARCHS[archs.plan] = archs


def archs_for(plan):
    """Get the architecture of resolved options, built on the first call in this process.

    Parameters
    ----------
    plan : scatnet.scattering_m.options.spec.Plan
        ``archs.plan`` of an architecture made by :func:`scatnet.sc_setup`.

    Returns
    -------
    Architecture
        The same banks as ``sc_setup`` makes (they come from the same caches).
    """
    archs = _ARCHS.get(plan)
    if archs is None:
        archs = _ARCHS.setdefault(plan, Architecture(arch_layers(plan), plan))
    return archs


def set_threads(n_jobs, plan=None):
    """Set the scatnet threads of this process and build the architecture ahead of the tasks.

    Parameters
    ----------
    n_jobs : int or None
        Threads per task (None: all cores).
    plan : Plan, optional
        Resolved options to build now.

    Returns
    -------
    int or None
        ``n_jobs``.
    """
    _THREADS[0] = n_jobs
    if plan is not None:
        archs_for(plan).walk()
    return n_jobs


def _message(e):
    hint = " (scatnet extract: --chunked)" if "['is_chunked'] = True" in str(e) else ""
    return f"{type(e).__name__}: {e}{hint}"


def _threads(settings):
    return settings.n_jobs if settings.n_jobs is not None else _THREADS[0]


def _scatter(x, archs, settings):
    S = sc_propagate(x, archs, n_jobs=_threads(settings))
    return sc_format(S)[0]


def _shaped(F, item, settings):
    _, _, ndim = out_shape(item, settings.channels, rate_ratio(item, settings.fs, settings.resample))
    return F[0] if ndim == 1 else F


def _group(archs, items, settings):
    read, out = [], []
    for it in items:
        try:
            x, attrs = read_item(it, fs=settings.fs, resample=settings.resample,
                                 channels=settings.channels, dtype=settings.dtype)
            read.append((it, x, attrs))
        except Exception as e:  # noqa: BLE001 - any failure is recorded for its input
            out.append(Result(it.key, it.path, error=_message(e)))
    if not read:
        return out
    try:  # all together; if that fails, one by one to find the culprit
        F = _scatter(np.concatenate([x for _, x, _ in read]), archs, settings)
        splits = np.cumsum([x.shape[0] for _, x, _ in read])[:-1]
        parts = np.split(F, splits)
    except Exception:  # noqa: BLE001 - retried one by one below
        parts = []
        for _, x, _ in read:
            try:
                parts.append(_scatter(x, archs, settings))
            except Exception as e:  # noqa: BLE001 - recorded for its input
                parts.append(e)
    for (it, _, attrs), F in zip(read, parts):
        if isinstance(F, Exception):
            out.append(Result(it.key, it.path, error=_message(F)))
        else:
            out.append(Result(it.key, it.path, np.ascontiguousarray(_shaped(F, it, settings)), attrs))
    return out


def _long(archs, item, settings):
    blocks, attrs = stream_item(item, fs=settings.fs, resample=settings.resample,
                                channels=settings.channels, dtype=settings.dtype,
                                block_seconds=settings.block_seconds)
    F = np.concatenate(list(sc_stream(blocks, archs, n_jobs=_threads(settings))), axis=-1)
    return Result(item.key, item.path, _shaped(F, item, settings), attrs)


def _whole(archs, item, settings):
    x, attrs = read_item(item, fs=settings.fs, resample=settings.resample,
                         channels=settings.channels, dtype=settings.dtype)
    _, _, ndim = out_shape(item, settings.channels, rate_ratio(item, settings.fs, settings.resample))
    S = sc_propagate(x[0] if ndim == 1 else x, archs, n_jobs=_threads(settings), fs=settings.fs)
    return Result(item.key, item.path, S, attrs)


def run_task(plan, task, settings):
    """Run one task: read its inputs, scatter them, return one result per input.

    Parameters
    ----------
    plan : scatnet.scattering_m.options.spec.Plan
        Resolved options (``archs.plan``).
    task : Task
        The inputs.
    settings : Settings
        Rate, channels, precision, threads.

    Returns
    -------
    list of Result
        In the order of ``task.items``; an input that fails has ``error`` set (nothing raises).
    """
    archs = archs_for(plan)
    if task.kind == "group":
        return _group(archs, task.items, settings)
    out = []
    for item in task.items:
        try:
            out.append((_long if task.kind == "long" else _whole)(archs, item, settings))
        except Exception as e:  # noqa: BLE001 - recorded for its input
            out.append(Result(item.key, item.path, error=_message(e)))
    return out
