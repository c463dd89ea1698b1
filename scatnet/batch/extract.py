"""``scatnet.extract``: features of many recordings into one output, resumable, on Dask if asked.

The client scans the inputs (headers only), skips what the output already holds, groups the
short inputs of equal length into tasks (scattered together by ``sc_propagate``), gives each
long sound file its own streamed task (``sc_stream``), runs the tasks here or on Dask workers,
and writes every result itself as it arrives (:mod:`scatnet.batch.store`).
"""
import hashlib
import json
import math
import os
import pathlib
import resource
import shutil
import sys
import time

from .._errors import InputError, InputTypeError, OptionTypeError
from .._version import __version__
from ..matlab import opts_to_matlab
from ..scattering_m.architecture import sc_setup
from ..scattering_m.stream import sc_paths
from .h5store import H5Store, parts_folder
from .inputs import collect, scan
from .optsfile import load_opts
from .progress import Progress, Summary
from .signals import out_shape, rate_ratio
from .store import CONFIG_NAME, DirStore
from .work import Result, Settings, Task, remember, run_task

__all__ = ["FORMATS", "Summary", "extract"]

FORMATS = ("h5", "npz", "mat")
#: Samples (all signals together) of a group of short inputs scattered in one ``sc_propagate``.
GROUP_SAMPLES = 1 << 22


def _peak_rss():
    """Peak resident memory of this process, in bytes."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def _config(fmt, opts, archs, fs, dtype, channels):
    try:
        opts_m = opts_to_matlab(opts, header=False)
    except OptionTypeError:  # a Python callable in the options
        opts_m = ""
    paths = {k: [str(v) for v in col] if k == "matlab_ref" else col.tolist()
             for k, col in sc_paths(archs, fs=fs).columns.items()}
    return {"format": fmt, "scatnet_version": __version__, "fs": fs, "dtype": dtype,
            "channels": str(channels), "opts": json.loads(json.dumps(opts, default=str)),
            "opts_m": opts_m, "plan_sha256": hashlib.sha256(repr(archs.plan).encode()).hexdigest(),
            "paths": paths}


def _is_ours(out, fmt):
    """Whether ``out`` (or its staging folder) was written by scatnet extract in format ``fmt``."""
    if fmt != "h5":
        return (out / CONFIG_NAME).is_file()
    if parts_folder(out).is_dir() and (parts_folder(out) / CONFIG_NAME).is_file():
        return True
    if not out.is_file():
        return False
    import h5py

    try:
        with h5py.File(out, "r") as f:
            return "scatnet_config" in f.attrs
    except OSError:
        return False


def _prepare_output(out, fmt, resume, overwrite):
    """Refuse to add to an existing output without ``resume``; remove it with ``overwrite``."""
    exists = out.exists() and (out.is_file() or any(out.iterdir()))
    ours = _is_ours(out, fmt)
    if not (exists or ours):
        return
    if not ours:
        raise InputError(f"output {out} exists and is not an output of scatnet extract in format "
                         f"{fmt!r}; choose another name")
    if overwrite:
        if fmt == "h5":
            out.unlink(missing_ok=True)
            shutil.rmtree(parts_folder(out), ignore_errors=True)
        else:
            shutil.rmtree(out)
    elif not resume:
        raise InputError(f"output {out} exists: pass --resume (resume=True) to complete it (inputs "
                         "already there are skipped) or --overwrite (overwrite=True) to start again")


def _plan(items, settings, archs, fmt, stream_seconds, n_workers):
    """Tasks for the pending items; items whose rate does not fit fail here (item → message)."""
    tasks, groups, failed = [], {}, {}
    chunked = archs.plan.input.is_chunked
    for it in items:
        try:
            ratio = rate_ratio(it, settings.fs, settings.resample)
        except InputError as e:
            failed[it] = f"InputError: {e}"
            continue
        K, n, _ = out_shape(it, settings.channels, ratio)
        rate = settings.fs or it.rate
        if fmt == "mat":
            tasks.append(Task("whole", (it,)))
        elif chunked and it.kind == "sound" and rate and n > stream_seconds * rate:
            tasks.append(Task("long", (it,)))
        else:
            groups.setdefault((n, K), []).append(it)
    cap = math.ceil(len(items) / (4 * n_workers)) if n_workers > 1 else len(items)
    for (n, K), its in groups.items():
        step = max(1, min(cap, GROUP_SAMPLES // (n * K)))
        tasks += [Task("group", tuple(its[i:i + step])) for i in range(0, len(its), step)]
    tasks.sort(key=lambda t: t.items[0].key)
    return tasks, failed


def _seconds(item, settings):
    _, n, _ = out_shape(item, settings.channels, rate_ratio(item, settings.fs, settings.resample))
    rate = settings.fs or item.rate
    return n / rate if rate else 0.0


def extract(inputs, opts, out, *, fs=None, resample=False, channels="all", float32=False,
            chunked=False, size=None, glob="**/*", format="h5", resume=False, overwrite=False,
            workers=0, scheduler=None, n_jobs=None, stream_seconds=300.0, quiet=False,
            progress=None):
    """Scatter many recordings into one output, resumably, here or on a Dask cluster.

    MATLAB: the loop ``for each file: x = audioread(f); S = sc_propagate(x, archs);
    F = sc_format(S); save(...)`` that users of scattering.m write by hand.

    Parameters
    ----------
    inputs : str, os.PathLike or sequence of them
        Sound files (soundfile), ``.npy``/``.mat`` stacks ``(N,)`` or ``(K, N)``, folders
        (searched with ``glob``), text files listing paths.
    opts : str, os.PathLike or list of dict
        An opts file (``.py`` as in ``opts_examples/``, MATLAB ``.m``, ``.json``) or ``opts``.
    out : str or os.PathLike
        The HDF5 file (``format='h5'``) or the folder (``'npz'``, ``'mat'``).
    fs : float, optional
        The sample rate the opts assume (default: what the opts file says, else the rate
        shared by the sound files).
    resample : bool
        Resample sound files at another rate to ``fs`` (``resample_poly``); without it
        they fail with a message.
    channels : {'all', 'mono'} or int
        Sound files: every channel (features ``(K, P, T)`` for K > 1), their mean, or one.
    float32 : bool
        Compute and store in single precision.
    chunked : bool
        Set ``opts[0]['time']['is_chunked']``: signals of any length (``default_auditory``
        options are not chunked: longer signals than ``size`` fail).
    size : int, optional
        Signal length the opts file is written for (``length(x)``, ``make_opts(N)``).
    glob : str
        Pattern for folders.
    format : {'h5', 'npz', 'mat'}
        Output format (``doc/batch.md``).
    resume : bool
        Complete an existing output: inputs already there (same size and time) are skipped.
    overwrite : bool
        Replace an existing output.
    workers : int
        Dask worker processes of a local cluster (0: in this process).
    scheduler : str, optional
        Address of an existing Dask scheduler (its workers must see the input paths).
    n_jobs : int, optional
        Threads of scatnet per task (default: all cores here, the cores of a worker's host
        divided among its workers on Dask).
    stream_seconds : float
        Sound files longer than this are streamed (chunked options only).
    quiet : bool
        No progress, no messages.
    progress : {'bar', 'lines', 'off'}, optional
        Default: a bar on a terminal, lines otherwise.

    Returns
    -------
    Summary
        Counts, audio hours, wall time, × real time, failures, peak memory.

    Raises
    ------
    OptionError, OptionTypeError
        Unreadable or invalid options.
    InputError, InputTypeError
        Missing inputs, key clashes, mixed rates without ``fs``, an output that exists
        without ``resume``/``overwrite`` or holds features of other settings.

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> from scatnet import extract
    >>> folder = tempfile.mkdtemp()
    >>> np.save(os.path.join(folder, 'x.npy'), np.zeros((2, 4096)))
    >>> opts = [{'time': {'size': 1024, 'T': 128, 'max_Q': 2}}, {'time': {}}]
    >>> extract(folder, opts, os.path.join(folder, 'out'), format='npz', quiet=True).done
    1
    """
    t0 = time.perf_counter()
    if format not in FORMATS:
        raise InputError(f"format={format!r} is not one of {FORMATS}")
    if not (channels in ("all", "mono") or (isinstance(channels, int) and channels >= 0)):
        raise InputTypeError(f"channels={channels!r}: use 'all', 'mono' or a channel index ≥ 0")
    if not isinstance(workers, int) or workers < 0 or (workers and scheduler):
        raise InputError(f"workers={workers!r}, scheduler={scheduler!r}: workers is a number ≥ 0 "
                         "of local processes; give either workers or scheduler")
    say = (lambda msg: None) if quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    opts, fs_file = load_opts(opts, size=size, chunked=chunked)
    fs = float(fs) if fs is not None else fs_file
    archs = sc_setup(opts)
    remember(archs)
    out = pathlib.Path(os.fspath(out)).absolute()
    hidden = (out, parts_folder(out))
    items, failed = [], {}
    for key, path in collect(inputs, glob=glob):
        if any(h == path or h in path.parents for h in hidden):
            continue
        try:
            items.append(scan(key, path))
        except InputError as e:
            failed[key] = (str(path), f"InputError: {e}")
    if fs is None:
        rates = sorted({it.rate for it in items if it.rate is not None})
        if len(rates) > 1:
            raise InputError(f"the sound files have sample rates {rates} and the opts do not say "
                             "which one they assume: pass --fs HZ (fs=…), with --sr (resample="
                             "True) to bring them all to it")
        fs = rates[0] if rates else None
    dtype = "float32" if float32 else "float64"
    settings = Settings(fs=fs, resample=resample, channels=channels, dtype=dtype, n_jobs=n_jobs)
    _prepare_output(out, format, resume, overwrite)
    config = _config(format, opts, archs, fs, dtype, channels)
    store = H5Store(out, config) if format == "h5" else DirStore(out, format, config, opts)
    summary = Summary(out=str(out), format=format, workers=workers)
    try:
        have = store.complete()
        pending = []
        for it in items:
            old = have.get(it.key)
            if old and old.get("size") == it.size and old.get("mtime_ns") == it.mtime_ns:
                summary.skipped += 1
            else:
                pending.append(it)
        tasks, unfit = _plan(pending, settings, archs, format, stream_seconds, max(workers, 1))
        failed.update({it.key: (it.path, msg) for it, msg in unfit.items()})
        mode = "off" if quiet else progress or ("bar" if sys.stderr.isatty() else "lines")
        bar = Progress(len(pending) + len(failed) - len(unfit),
                       sum(_seconds(it, settings) for it in pending if it not in unfit), mode)

        def record(results):
            for r in results:
                if r.error is None:
                    store.write(r)
                    summary.done += 1
                    seconds = r.attrs.get("duration_s", 0.0)
                    summary.audio_seconds += 0.0 if math.isnan(seconds) else seconds
                    bar.update(0.0 if math.isnan(seconds) else seconds)
                else:
                    store.fail(r.key, r.source, r.error)
                    summary.failures[r.key] = r.error
                    bar.update(0.0, failed=True)

        record([Result(key, src, error=msg) for key, (src, msg) in failed.items()])
        try:
            if workers or scheduler:
                from .dask import run_on_dask

                run_on_dask(tasks, archs.plan, settings, record, workers=workers,
                            scheduler=scheduler, say=say, summary=summary)
            else:
                for task in tasks:
                    record(run_task(archs.plan, task, settings))
        finally:
            bar.close()
    finally:
        store.close()
    summary.failed = len(summary.failures)
    summary.wall_seconds = time.perf_counter() - t0
    summary.peak_rss_client = _peak_rss()
    return summary
