"""Dask for scatnet: the workers of ``scatnet extract`` and :func:`scatter_array` for Dask arrays.

``scatnet extract --workers N`` starts a ``dask.distributed.LocalCluster`` of N processes with one
thread each (``--scheduler ADDRESS`` uses an existing cluster); every worker builds the
architecture once, runs tasks (groups of short files, or one long file) and sends the features
back; the client writes them, so the output has one writer and stays resumable.
"""
import logging
import os
import time

import numpy as np

from .._errors import InputError, InputTypeError
from ..scattering_m.architecture import Architecture, sc_setup
from ..scattering_m.chunking import ChunkPlan
from ..scattering_m.format import sc_format
from ..scattering_m.propagate import sc_propagate
from ..scattering_m.stream import sc_paths
from .work import Result, archs_for, remember, run_task, set_threads

__all__ = ["WORKER_ENVIRON", "run_on_dask", "scatter_array"]

#: Dask configuration of the LocalCluster. Dask's default environment of the worker processes is
#: unset: ``MALLOC_TRIM_THRESHOLD_=65536`` stops glibc from keeping freed large blocks, so every
#: output array is new memory, paid in page faults, and scatnet sets its own threads (``n_jobs``);
#: with them a worker scattered 2–3× slower than the same call in the client. The workers' stack
#: sampler (every 10 ms) is off: it interrupts the threads of parallel kernels.
WORKER_ENVIRON = {"distributed.nanny.pre-spawn-environ": {
    "MALLOC_TRIM_THRESHOLD_": None, "OMP_NUM_THREADS": None, "MKL_NUM_THREADS": None,
    "OPENBLAS_NUM_THREADS": None}, "distributed.worker.profile.enabled": False}


def _host(address):
    return address.split("://")[-1].rsplit(":", 1)[0]


def _setup_worker(plan, per_host, n_jobs, dask_worker=None):
    """On a worker: scatnet's threads (cores of the host / its workers) and the architecture."""
    count = per_host.get(_host(dask_worker.address), 1) if dask_worker is not None else 1
    return set_threads(n_jobs or max(1, (os.cpu_count() or 1) // count), plan)


def _peak_rss():
    from .extract import _peak_rss as peak

    return peak()


def run_on_dask(tasks, plan, settings, record, *, workers=0, scheduler=None, say=print,
                summary=None):
    """Run extraction tasks on Dask workers; hand every result to ``record`` in this process.

    Parameters
    ----------
    tasks : list of scatnet.batch.work.Task
        The work.
    plan : scatnet.scattering_m.options.spec.Plan
        Resolved options (each worker builds the architecture once).
    settings : scatnet.batch.work.Settings
        Rate, channels, precision, threads.
    record : callable
        Called with the list of results of each task, in the order tasks end.
    workers : int
        Processes of a local cluster (when ``scheduler`` is None).
    scheduler : str, optional
        Address of an existing scheduler.
    say : callable
        Prints a message (the dashboard link).
    summary : scatnet.batch.extract.Summary, optional
        Gets the dashboard link, the start-up time (cluster, workers' imports, architecture)
        and the peak memory of each worker.
    """
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError as e:
        raise ImportError("--workers and --scheduler need dask.distributed: pip install "
                          "'scatnet[batch]'") from e
    t0 = time.perf_counter()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        with dask.config.set(WORKER_ENVIRON):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        info = client.scheduler_info()
        if "dashboard" in info.get("services", {}):
            say(f"Dask dashboard: {client.dashboard_link}")
            if summary is not None:
                summary.dashboard = client.dashboard_link
        per_host = {}
        for address in info["workers"]:
            per_host[_host(address)] = per_host.get(_host(address), 0) + 1
        client.run(_setup_worker, plan, per_host, settings.n_jobs)
        if summary is not None:
            summary.startup_seconds = time.perf_counter() - t0
        window = 2 * max(1, len(info["workers"])) + 1
        pending, running = iter(enumerate(tasks)), {}
        done = as_completed()

        def submit():
            for i, task in pending:
                fut = client.submit(run_task, plan, task, settings, pure=False,
                                    key=f"scatnet-extract-{i}-{task.items[0].key}")
                running[fut] = task
                done.add(fut)
                return

        for _ in range(window):
            submit()
        for fut in done:
            task = running.pop(fut)
            try:
                results = fut.result()
            except Exception as e:  # noqa: BLE001 - a lost worker fails the task's inputs only
                results = [Result(it.key, it.path, error=f"{type(e).__name__} (on a Dask worker): "
                                                         f"{e}") for it in task.items]
            fut.release()
            record(results)
            submit()
        if summary is not None:
            summary.peak_rss_workers = client.run(_peak_rss)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _scatter_block(block, plan, n_jobs, memory_budget, n_features, n_frames):
    if block.shape[0] == 0:
        return np.zeros((0, n_features, n_frames), dtype=block.dtype)
    S = sc_propagate(np.ascontiguousarray(block), archs_for(plan), n_jobs=n_jobs,
                     memory_budget=memory_budget)
    return sc_format(S)[0]


def scatter_array(x, archs, *, n_jobs=1, memory_budget=None):
    """Scatter a Dask array of stacked signals: a lazy Dask array of ``sc_format`` features.

    MATLAB: ``sc_format(sc_propagate(x, archs))`` of an ``N × K`` matrix, without loading it.

    Parameters
    ----------
    x : dask.array.Array or array_like, shape (K, N)
        Signals, time last, float64 or float32, chunked along K (chunks along N are merged).
        A zarr or HDF5 stack opened with ``dask.array.from_zarr``/``from_array`` works.
    archs : Architecture or list of dict
        From :func:`scatnet.sc_setup`, or the ``opts`` to build it. Each Dask worker process
        builds it once from its resolved options.
    n_jobs : int
        Threads of scatnet per block (Dask already runs blocks in parallel).
    memory_budget : int, optional
        As for :func:`scatnet.sc_propagate`.

    Returns
    -------
    dask.array.Array, shape (K, P, T)
        ``sc_format`` features of each signal (P paths, :func:`scatnet.sc_paths`), chunked as
        ``x`` along K; computing a block scatters only that block's signals.

    Raises
    ------
    InputError
        ``x`` is not 2-D, or longer than ``size`` with non-chunked options.
    InputTypeError
        ``x`` is not real floating point, or ``archs`` is neither an architecture nor opts.

    Examples
    --------
    >>> import numpy as np, dask.array as da
    >>> from scatnet import sc_setup
    >>> from scatnet.dask import scatter_array
    >>> archs = sc_setup([{'time': {'size': 1024, 'T': 128, 'max_Q': 2}}, {'time': {}}])
    >>> x = da.from_array(np.random.default_rng(0).standard_normal((6, 4096)), chunks=(2, 4096))
    >>> F = scatter_array(x, archs)
    >>> F.shape, F.numblocks, F.compute().shape
    ((6, 46, 64), (3, 1, 1), (6, 46, 64))
    """
    import dask.array as da

    if isinstance(archs, Architecture):
        remember(archs)
    elif isinstance(archs, (list, tuple)) and all(isinstance(a, dict) for a in archs):
        archs = sc_setup(list(archs))
        remember(archs)
    else:
        raise InputTypeError(f"scatter_array: archs must be an Architecture (sc_setup) or opts; got "
                             f"{type(archs).__name__}")
    x = da.asarray(x)
    if x.ndim != 2:
        raise InputError(f"scatter_array: x must be (K, N), signals along K, time last; got "
                         f"shape={x.shape}")
    if x.dtype not in (np.float32, np.float64):
        raise InputTypeError(f"scatter_array: x has dtype {x.dtype}; expected float64 or float32 "
                             "(x.astype(np.float64))")
    N = int(x.shape[1])
    if not archs.plan.input.is_chunked and N > archs.size:
        raise InputError(f"scatter_array: signals of N={N} samples are longer than size="
                         f"{archs.size} of non-chunked options; set opts[0]['time']['is_chunked'] "
                         "= True")
    P = len(sc_paths(archs))
    per_chunk = archs.walk().layers[1].blur.out_groups[0].length
    T = ChunkPlan.for_options(archs.plan, N).n_frames_out(per_chunk)
    if x.numblocks[1] > 1:
        x = x.rechunk({1: -1})
    return x.map_blocks(_scatter_block, archs.plan, n_jobs, memory_budget, P, T, new_axis=2,
                        chunks=(x.chunks[0], (P,), (T,)), dtype=x.dtype,
                        meta=np.empty((0, 0, 0), dtype=x.dtype))
