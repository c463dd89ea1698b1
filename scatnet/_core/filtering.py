"""The one wrapper around the spectral kernels: filter sets, their rules, their dtype casts.

A *filter set* is an immutable object with a ``rule`` and packed arrays:

* ``rule = 'resample'`` (scattering.m's ``ifft_multiply``): :class:`~scatnet.scattering_m.
  filterbank.storage.TrimmedFilters`, kernel :func:`scatnet.kernels.multiply_resample`;
* ``rule = 'fold'`` (ScatNet's ``conv_sub_1d``): :class:`FoldFilters`, kernel
  :func:`scatnet.kernels.multiply_fold`.

Each set exposes ``kernel_args(complex_dtype)``: its packed arrays with the coefficients cast
to the run's precision (cast once, kept on the set itself).
"""
import math
import threading
from dataclasses import dataclass, field

import numpy as np

from .. import kernels

#: Kernel calls writing fewer elements run single-threaded (``.serial``, see
#: :func:`scatnet.kernels._jit.kernel`): waking the thread team costs more than they take.
SERIAL_KERNEL_MAX = 2 ** 15

_KERNELS = {"resample": kernels.multiply_resample, "fold": kernels.multiply_fold}


def pick(kernel, n_out):
    """Pick the parallel kernel, or its serial twin for fewer than :data:`SERIAL_KERNEL_MAX` outputs.

    Parameters
    ----------
    kernel : numba dispatcher
        A parallel kernel of :mod:`scatnet.kernels` (with a ``.serial`` twin).
    n_out : int
        Number of output elements the call writes.

    Returns
    -------
    numba dispatcher
        ``kernel.serial`` if ``n_out < SERIAL_KERNEL_MAX``, else ``kernel``.
    """
    return kernel.serial if n_out < SERIAL_KERNEL_MAX else kernel


class CastCache:
    """Per-object cache of coefficient arrays cast to another complex dtype (read-only)."""

    def __init__(self):
        self._casts = {}
        self._lock = threading.Lock()

    def get(self, coefs, complex_dtype):
        complex_dtype = np.dtype(complex_dtype)
        if coefs.dtype == complex_dtype:
            return coefs
        with self._lock:
            hit = self._casts.get(complex_dtype)
            if hit is None:
                hit = coefs.astype(complex_dtype)
                hit.setflags(write=False)
                self._casts[complex_dtype] = hit
        return hit


@dataclass(frozen=True, eq=False)
class FoldFilters:
    """Filters applied as ScatNet's ``conv_sub_1d``: multiply, then fold the spectrum.

    Filter ``i`` multiplies the bins ``(start[i] + n) mod L``, ``n < length[i]``, of a source
    spectrum of length ``L`` by ``coefs[off[i] + n]``; the product at bin ``k`` is added to bin
    ``k mod M`` of the output spectrum (length ``M``, a divisor of ``L``): the sum of the
    ``L/M`` blocks of ``yf`` in ``conv_sub_1d.m``. Scale factors (``2**(−ds/2)``) are part of
    the coefficients.
    """

    coefs: np.ndarray  #: complex128, flat
    off: np.ndarray
    start: np.ndarray
    length: np.ndarray
    casts: CastCache = field(default_factory=CastCache, repr=False)
    rule = "fold"

    def __len__(self):
        return len(self.length)

    def kernel_args(self, complex_dtype):
        return (self.casts.get(self.coefs, complex_dtype), self.off, self.start, self.length)

    @classmethod
    def pack(cls, windows):
        """Pack ``[(start, coefs), …]`` windows (one per filter) into one set.

        Parameters
        ----------
        windows : list of (int, array_like of complex)
            Per filter, the first source bin it multiplies and its coefficients.

        Returns
        -------
        FoldFilters
            The packed, read-only set (coefficients complex128).
        """
        lengths = np.array([len(c) for _, c in windows], dtype=np.int64)
        off = np.zeros(len(windows), dtype=np.int64)
        if len(windows) > 1:
            off[1:] = np.cumsum(lengths)[:-1]
        coefs = (np.concatenate([np.asarray(c, dtype=complex) for _, c in windows])
                 if windows else np.zeros(0, complex))
        coefs.setflags(write=False)
        start = np.array([s for s, _ in windows], dtype=np.int64)
        for a in (off, start, lengths):
            a.setflags(write=False)
        return cls(coefs=coefs, off=off, start=start, length=lengths)


def apply(filters, X, L, half, job_src, job_filter, job_out, out, M, hermitian, complex_dtype):
    """Write ``out[b, job_out[j]]``: the spectrum of source ``job_src[j]`` filtered by ``job_filter[j]``.

    The kernel follows ``filters.rule`` (:func:`scatnet.kernels.multiply_resample` or
    :func:`scatnet.kernels.multiply_fold`), serial for small calls (:func:`pick`).

    Parameters
    ----------
    filters : TrimmedFilters or FoldFilters
        The filter set.
    X : ndarray, complex, shape (B, S, Lx)
        Source spectra of signals of length ``L``: ``Lx = L`` (full) or ``L // 2 + 1``
        (``half``).
    L : int
        Length of the source signals.
    half : bool
        Whether ``X`` holds ``rfft`` half spectra.
    job_src, job_filter, job_out : ndarray, int64, shape (J,)
        Source row, filter index and output row of each job.
    out : ndarray, complex, shape (B, R, Mo)
        Output spectra, written in place: ``Mo = M`` or, with ``hermitian``, ``M // 2 + 1``.
    M : int
        Length of the output signals.
    hermitian : bool
        Write the half spectrum of the real part of the inverse FFT instead of the spectrum.
    complex_dtype : dtype-like, complex64 or complex128
        Precision of the run (the dtype of ``X`` and ``out``); the coefficients are cast to it.
    """
    kernel = pick(_KERNELS[filters.rule], out.shape[0] * len(job_out) * out.shape[2])
    kernel(X, L, half, job_src, job_filter, job_out, *filters.kernel_args(complex_dtype),
           out, M, hermitian)


def apply_step(step, spectra, lengths, hermitian, complex_dtype, B, buffer):
    """Run every call of ``step`` into the front of one flat buffer.

    Parameters
    ----------
    step : scatnet._core.plan.Step
        The blur or scatter step of a layer.
    spectra : list of ndarray, complex, shape (B, R, length // 2 + 1)
        The ``rfft`` half spectra of the layer's groups.
    lengths : list of int
        The signal length of each group of ``spectra``.
    hermitian : bool
        Write half spectra of the real part (the blur, for ``irfft``) instead of full spectra.
    complex_dtype : dtype-like, complex64 or complex128
        Precision of the run.
    B : int
        Number of signals in the block.
    buffer : callable
        ``buffer(n)`` returns a flat array of ``n`` elements of ``complex_dtype`` (e.g.
        :meth:`scatnet._core.workspace.Workspace.buffer`).

    Returns
    -------
    outs : list of ndarray, shape (B, R, Mo)
        The output spectra per output group of ``step`` (``Mo = length`` or, with
        ``hermitian``, ``length // 2 + 1``), views of ``flat``.
    flat : ndarray, 1-D
        The region of ``buffer`` they occupy, in order.
    """
    shapes = [(B, len(g.rows), g.length // 2 + 1 if hermitian else g.length)
              for g in step.out_groups]
    flat = buffer(sum(math.prod(shape) for shape in shapes))
    outs = views(flat, shapes)
    for c in step.calls:
        apply(step.filters, spectra[c.src_group], lengths[c.src_group], True, c.job_src,
              c.job_filter, c.job_out, outs[c.out_group], step.out_groups[c.out_group].length,
              hermitian, complex_dtype)
    return outs, flat


def views(flat, shapes):
    """Cut consecutive views of shapes ``shapes`` from the front of the 1-D array ``flat``.

    Parameters
    ----------
    flat : ndarray, 1-D
        Holds at least the sum of the sizes of ``shapes``.
    shapes : list of tuple of int
        Shape of each view.

    Returns
    -------
    list of ndarray
        One view of ``flat`` per shape, in order.
    """
    out, start = [], 0
    for shape in shapes:
        out.append(flat[start:start + math.prod(shape)].reshape(shape))
        start += math.prod(shape)
    return out
