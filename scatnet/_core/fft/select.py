"""Which FFT backend runs: :func:`set_fft_backend`, ``SCATNET_FFT_BACKEND`` and ``'auto'``.

The choice holds for the process (every thread, every front end). Until
:func:`set_fft_backend` is called, the environment variable :data:`ENV_VAR` names it, and
without it pocketfft through SciPy runs (``'scipy'``). ``'auto'`` times every installed
backend on each new transform (kind, length, rows, dtype, threads) the first time it is met
and keeps the fastest for the process, as FFTW's planner does for its algorithms.
"""
import os
import threading
import time
import warnings

import numpy as np

from ..._errors import OptionError, ScatnetWarning
from .backends import Backend, MklBackend, ScipyBackend
from .fftw import FftwBackend

#: Environment variable read (once) when no backend was set: one of :data:`BACKENDS`.
ENV_VAR = "SCATNET_FFT_BACKEND"

#: Backend names and their classes (``'auto'`` chooses among the installed ones).
CLASSES = {"scipy": ScipyBackend, "mkl": MklBackend, "fftw": FftwBackend}
BACKENDS = ("auto",) + tuple(CLASSES)

#: How each optional backend is installed (named in errors).
EXTRAS = {"mkl": "pip install 'scatnet[mkl]' (mkl_fft)",
          "fftw": "pip install 'scatnet[fftw]' (pyFFTW)"}

_LOCK = threading.RLock()
_INSTANCES = {}
_STATE = {"backend": None}  # the backend in use; None until set or read from ENV_VAR


def _instance(name):
    """The backend ``name``, built once; ImportError if its library is missing."""
    with _LOCK:
        if name not in _INSTANCES:
            try:
                _INSTANCES[name] = AutoBackend() if name == "auto" else CLASSES[name]()
            except ImportError as e:
                _INSTANCES[name] = e
        found = _INSTANCES[name]
    if isinstance(found, ImportError):
        raise found
    return found


def available_fft_backends():
    """List the FFT backends installed here (their libraries import).

    Returns
    -------
    list of str
        Names from ``'scipy'``, ``'mkl'``, ``'fftw'``, in that order; ``'scipy'`` is always
        there.

    Examples
    --------
    >>> import scatnet
    >>> 'scipy' in scatnet.available_fft_backends()
    True
    """
    names = []
    for name in ("scipy", "fftw", "mkl"):  # pyFFTW first: see MklBackend on mkl-service
        try:
            _instance(name)
            names.append(name)
        except ImportError:
            pass
    return sorted(names, key=list(CLASSES).index)


def _check_name(name, where):
    if not isinstance(name, str) or name not in BACKENDS:
        raise OptionError(f"{where}: unknown FFT backend {name=}; choose one of {list(BACKENDS)}.")


def set_fft_backend(name):
    """Choose the FFT library of every scattering transform of the process.

    MATLAB: no equivalent (MATLAB's ``fft`` is FFTW). Results of every backend equal
    pocketfft's to rounding (~1e-16 relative in float64, ~1e-7 in float32).

    Parameters
    ----------
    name : {'scipy', 'mkl', 'fftw', 'auto'}
        ``'scipy'``: pocketfft through SciPy (the default, always installed); ``'mkl'``:
        Intel MKL (``mkl_fft``, extra ``scatnet[mkl]``); ``'fftw'``: FFTW (pyFFTW, extra
        ``scatnet[fftw]``); ``'auto'``: the fastest installed one, measured per transform
        shape on first use and kept for the process.

    Returns
    -------
    str
        The backend in use before the call, to restore it later.

    Raises
    ------
    OptionError
        If ``name`` is not a backend name, or its library is not installed (the message says
        how to install it).

    See Also
    --------
    get_fft_backend : The backend in use.
    available_fft_backends : The backends installed here.

    Notes
    -----
    The environment variable ``SCATNET_FFT_BACKEND`` sets the same choice without code; this
    function overrides it. Threads follow ``n_jobs`` with every backend: each library call
    runs on one thread, and scatnet splits the rows over at most ``n_jobs`` threads.
    Licences: MKL is under the Intel Simplified Software License, pyFFTW's wheels bundle FFTW
    (GPL); SciPy's pocketfft is BSD.

    Examples
    --------
    >>> import scatnet
    >>> previous = scatnet.set_fft_backend('scipy')
    >>> scatnet.get_fft_backend()
    'scipy'
    >>> _ = scatnet.set_fft_backend(previous)
    """
    _check_name(name, "set_fft_backend")
    try:
        backend = _instance(name)
    except ImportError as e:
        hint = f"; {EXTRAS[name]}" if isinstance(e, ModuleNotFoundError) else ""
        raise OptionError(f"set_fft_backend: the {name!r} FFT backend cannot be used: {e}"
                          f"{hint}.") from e
    with _LOCK:
        previous = get_fft_backend()
        _STATE["backend"] = backend
    return previous


def _from_environment():
    """The backend named by :data:`ENV_VAR` (warning and ``'scipy'`` if it cannot be used)."""
    name = os.environ.get(ENV_VAR, "").strip().lower() or "scipy"
    try:
        _check_name(name, ENV_VAR)
        return _instance(name)
    except (OptionError, ImportError) as e:
        hint = f"; {EXTRAS[name]}" if isinstance(e, ModuleNotFoundError) else ""
        warnings.warn(f"{ENV_VAR}={os.environ[ENV_VAR]!r} cannot be used ({e}{hint}); "
                      "using 'scipy' (pocketfft).", ScatnetWarning, stacklevel=2)
        return _instance("scipy")


def get_fft_backend():
    """Name the FFT backend in use.

    Returns
    -------
    str
        ``'scipy'``, ``'mkl'``, ``'fftw'`` or ``'auto'``.

    Examples
    --------
    >>> import scatnet
    >>> scatnet.get_fft_backend() in ('scipy', 'mkl', 'fftw', 'auto')
    True
    """
    return current().name


def current():
    """Return the backend object in use (resolving :data:`ENV_VAR` on first use).

    Returns
    -------
    Backend
        The backend whose methods the engine calls.
    """
    backend = _STATE["backend"]
    if backend is None:
        with _LOCK:
            if _STATE["backend"] is None:
                _STATE["backend"] = _from_environment()
            backend = _STATE["backend"]
    return backend


#: ``'auto'`` times each backend on at most this many elements of a transform's rows.
AUTO_ELEMENTS = 2 ** 20

#: ``'auto'``: timed calls per backend (after one untimed call that also plans); the fastest
#: call counts.
AUTO_RUNS = 3


class AutoBackend(Backend):
    """The fastest installed backend per transform, measured once (``'auto'``).

    The first call with a new (kind, length, dtype, threads, rows) key times each installed
    backend on scratch arrays of that shape (at most :data:`AUTO_ELEMENTS` elements:
    :data:`AUTO_RUNS` calls after one that plans) and keeps the fastest for the process;
    :attr:`choices` holds them.
    """

    name = "auto"

    def __init__(self):
        self.choices = {}
        self._lock = threading.Lock()

    def _pick(self, kind, a, b, threads):
        n = b.shape[-1] if kind == "irfft" else a.shape[-1]
        rows = min(a.shape[0], max(1, AUTO_ELEMENTS // n))
        key = (kind, n, rows, a.dtype.str, threads)
        chosen = self.choices.get(key)
        if chosen is None:
            with self._lock:
                chosen = self.choices.get(key) or self._measure(kind, n, rows, a.dtype, b.dtype,
                                                                threads)
                self.choices[key] = chosen
        return _instance(chosen)

    def _measure(self, kind, n, rows, a_dtype, b_dtype, threads):
        names = available_fft_backends()
        if len(names) == 1:
            return names[0]
        shape_a = (rows, n // 2 + 1 if kind == "irfft" else n)
        pristine = np.random.default_rng(0).standard_normal(shape_a).astype(a_dtype)
        a = pristine.copy()
        b = a if kind in ("fft", "ifft") else np.empty(
            (rows, n if kind == "irfft" else n // 2 + 1), b_dtype)
        args = (a, threads) if a is b else (a, b, threads)
        times = {}
        for name in names:
            run, best = getattr(_instance(name), kind), np.inf
            for i in range(AUTO_RUNS + 1):
                a[...] = pristine  # the complex transforms and irfft overwrite their input
                start = time.perf_counter()
                run(*args)
                best = best if i == 0 else min(best, time.perf_counter() - start)
            times[name] = best
        return min(times, key=times.get)

    def rfft(self, u, out, threads):
        self._pick("rfft", u, out, threads).rfft(u, out, threads)

    def irfft(self, h, out, threads):
        self._pick("irfft", h, out, threads).irfft(h, out, threads)

    def ifft(self, y, threads):
        self._pick("ifft", y, y, threads).ifft(y, threads)

    def fft(self, y, threads):
        self._pick("fft", y, y, threads).fft(y, threads)
