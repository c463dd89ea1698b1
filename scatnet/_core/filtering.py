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
    """The parallel kernel, or its serial twin for fewer than :data:`SERIAL_KERNEL_MAX` outputs."""
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
        """Pack ``[(start, coefs), …]`` windows (one per filter) into one set."""
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
    """``out[b, job_out[j]] = spectrum of (source job_src[j] filtered by job_filter[j])``.

    ``X`` (B, S, Lx): source spectra of signals of length ``L`` (``half``: ``rfft`` halves);
    ``out`` (B, R, M or M/2+1): output spectra of length ``M`` (``hermitian``: the half
    spectrum of the real part of the inverse FFT). The kernel follows ``filters.rule``.
    """
    kernel = pick(_KERNELS[filters.rule], out.shape[0] * len(job_out) * out.shape[2])
    kernel(X, L, half, job_src, job_filter, job_out, *filters.kernel_args(complex_dtype),
           out, M, hermitian)


def apply_step(step, spectra, lengths, hermitian, complex_dtype, B, buffer):
    """Run every call of ``step``; returns the output spectra per output group and, as one 1-D
    array, the region of ``buffer(n_elements)`` (a flat complex array) they occupy, in order."""
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
    """Consecutive views of shapes ``shapes`` at the front of the 1-D array ``flat``."""
    out, start = [], 0
    for shape in shapes:
        out.append(flat[start:start + math.prod(shape)].reshape(shape))
        start += math.prod(shape)
    return out
