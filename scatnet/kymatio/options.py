"""Kymatio's constructor arguments, checked and resolved once: the geometry of a transform.

Kymatio: ``kymatio/scattering1d/frontend/base_frontend.py`` (``ScatteringBase1D.build``,
``_check_runtime_args``) and ``kymatio/scattering1d/utils.py`` (``compute_padding``,
``compute_border_indices``), version 0.3.0.

:func:`resolve` turns ``J, shape, Q, T, average`` into an immutable :class:`Spec`: the
resolved ``T`` and averaging, the padded length (a power of two, at least three supports of
the low-pass beyond the signal, at most ``3N − 2``), the reflect padding on each side, and the
layout of both wavelet banks (:func:`~scatnet.kymatio.filter_bank.compute_params_filterbank`).
"""
import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np

from .._errors import OptionError, OptionTypeError
from .filter_bank import ALPHA, R_PSI, SIGMA0, compute_params_filterbank, compute_temporal_support, gauss_1d

__all__ = ["OUT_TYPES", "Spec", "check_max_order", "check_out_type", "check_oversampling",
           "resolve"]

#: The output types of :meth:`scatnet.kymatio.Scattering1D.scattering`.
OUT_TYPES = ("array", "dict", "list")


@dataclass(frozen=True)
class Spec:
    """The resolved set-up of a Kymatio 1-D scattering (what the settings do not change).

    Attributes
    ----------
    J : int
        Log2 of the largest wavelet scale.
    N : int
        Length of the input signals.
    Q : tuple of (int, int)
        Wavelets per octave of the first and second order.
    T : int or float
        Support of the low-pass (``2**J`` when not given or 0).
    log2_T : int
        ``floor(log2 T)``: the subsampling of the averaged outputs.
    N_padded : int
        Length of the rows after reflect padding (a power of two).
    pad_left : int
        Samples added before the signal.
    pad_right : int
        Samples added after the signal.
    banks : tuple of (tuple, tuple, tuple)
        Per order (1, 2): the ``(xis, sigmas, js)`` of its wavelets.
    """

    J: int
    N: int
    Q: tuple
    T: float
    log2_T: int
    N_padded: int
    pad_left: int
    pad_right: int
    banks: tuple

    def border(self, k):
        """Find the signal's samples in a padded row subsampled by ``2**k``.

        Kymatio: ``compute_border_indices`` (``ind_start[k]``, ``ind_end[k]``): both ends are
        halved ``k`` times, rounding up.

        Parameters
        ----------
        k : int >= 0
            Log2 of the subsampling.

        Returns
        -------
        start : int
            First sample kept.
        stop : int
            One past the last sample kept.
        """
        start, stop = self.pad_left, self.pad_left + self.N
        for _ in range(k):
            start, stop = -(-start // 2), -(-stop // 2)
        return start, stop

    def reflect_index(self):
        """Index of the input sample at each position of a padded row (``numpy.pad`` 'reflect').

        Returns
        -------
        ndarray, int64, shape (N_padded,)
            ``x[idx]`` is the padded row: ``… x2 x1 | x0 x1 … x_{N−1} | x_{N−2} …``.
        """
        p = np.arange(self.N_padded, dtype=np.int64) - self.pad_left
        p = np.abs(p)
        return np.where(p >= self.N, 2 * (self.N - 1) - p, p)


def _integer(name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise OptionTypeError(f"{name} must be an integer >= {low}; got {name}={value!r} "
                              f"({type(value).__name__})")
    if value < low:
        raise OptionError(f"{name} must be an integer >= {low}; got {name}={value}")
    return int(value)


def _check_Q(Q):
    Qs = tuple(Q) if isinstance(Q, (tuple, list)) else (Q,)
    if not 1 <= len(Qs) <= 2:
        raise OptionError(f"Q must be an integer or a pair (Q1, Q2); got Q={Q!r}: "
                          "scattering beyond order 2 is not implemented")
    Qs = tuple(_integer("Q", q, 1) for q in Qs)
    return Qs if len(Qs) == 2 else (Qs[0], 1)


def _check_shape(shape):
    if isinstance(shape, (tuple, list)):
        if len(shape) != 1:
            raise OptionError(f"shape must be an integer or a 1-tuple (the signal length); "
                              f"got shape={shape!r}")
        shape = shape[0]
    return _integer("shape", shape, 1)


def _resolve_T(T, average, J, N):
    """Kymatio's rules for ``T`` and the deprecated ``average``: ``(T, average)``."""
    if T is None:
        return 2 ** J, True if average is None else bool(average)
    if isinstance(T, bool) or not isinstance(T, numbers.Real):
        raise OptionTypeError(f"T must be None, 0 or a number >= 1; got T={T!r} ({type(T).__name__})")
    if T > N:
        raise OptionError(f"the support T of the low-pass cannot exceed the signal length: got "
                          f"T={T} > shape={N}. Use T <= {N}, or T=None (2**J)")
    if T == 0:
        if average:
            raise OptionError("T=0 means no averaging but average=True: drop average "
                              "(deprecated) or set T >= 1")
        return 2 ** J, False
    if T < 1:
        raise OptionError(f"T must be 0 (no averaging) or >= 1; got T={T}")
    if average is not None and not average:
        raise OptionError(f"average=False contradicts T={T} >= 1: set T=0 for unaveraged "
                          "outputs (average is deprecated in favour of T)")
    return T, True


def resolve(J, shape, Q, T, average):
    """Check Kymatio's constructor arguments and resolve them into a :class:`Spec`.

    Kymatio: ``ScatteringBase1D.build`` (``kymatio/scattering1d/frontend/base_frontend.py``).

    Parameters
    ----------
    J : int >= 0
        Log2 of the largest wavelet scale.
    shape : int or tuple of one int
        Length ``N`` of the input signals.
    Q : int or tuple of (int, int)
        Wavelets per octave of the first (and second) order; the second defaults to 1.
    T : None, 0 or float in [1, N]
        Support of the low-pass: None for ``2**J``, 0 for no averaging.
    average : bool or None
        Deprecated (as in Kymatio 0.3): None follows ``T``; False needs ``T`` None or 0.

    Returns
    -------
    spec : Spec
        The resolved set-up.
    average : bool
        Whether the outputs are averaged (False for ``T=0``, or ``average=False`` with
        ``T=None``).

    Raises
    ------
    OptionTypeError
        If an argument has the wrong type.
    OptionError
        If an argument is out of range or ``T`` and ``average`` contradict each other.

    Warns
    -----
    DeprecationWarning
        If ``average`` is given (Kymatio 0.3 deprecates it in favour of ``T``; removed in 0.4).
    """
    J = _integer("J", J, 0)
    Q = _check_Q(Q)
    N = _check_shape(shape)
    if average is not None:
        warnings.warn("average is deprecated (Kymatio 0.3; removed in Kymatio 0.4): leave T=None "
                      "or set T >= 1 to average, T=0 not to", DeprecationWarning, stacklevel=3)
    T, average = _resolve_T(T, average, J, N)
    min_to_pad = 3 * compute_temporal_support(gauss_1d(N, SIGMA0 / T).reshape(1, -1), 1e-3)
    J_pad = min(int(np.ceil(np.log2(N + 2 * min_to_pad))), int(np.floor(np.log2(3 * N - 2))))
    N_padded = 2 ** J_pad
    pad_left = (N_padded - N) // 2
    sigma_min = SIGMA0 / math.pow(2, J)
    banks = tuple(tuple(map(tuple, compute_params_filterbank(sigma_min, q, ALPHA, R_PSI)))
                  for q in Q)
    return Spec(J=J, N=N, Q=Q, T=T, log2_T=math.floor(math.log2(T)), N_padded=N_padded,
                pad_left=pad_left, pad_right=N_padded - N - pad_left, banks=banks), average


def check_max_order(max_order):
    """Check ``max_order`` (1 or 2).

    Parameters
    ----------
    max_order : int
        The largest scattering order computed.

    Returns
    -------
    int
        ``max_order``.

    Raises
    ------
    OptionError
        If ``max_order`` is not 1 or 2.
    """
    if isinstance(max_order, bool) or max_order not in (1, 2):
        raise OptionError(f"max_order must be 1 or 2; got max_order={max_order!r}")
    return int(max_order)


def check_oversampling(oversampling):
    """Check ``oversampling`` (an integer >= 0).

    Parameters
    ----------
    oversampling : int
        Log2 of the oversampling relative to the default subsampling.

    Returns
    -------
    int
        ``oversampling``.

    Raises
    ------
    OptionTypeError
        If ``oversampling`` is not an integer.
    OptionError
        If ``oversampling`` is negative.
    """
    return _integer("oversampling", oversampling, 0)


def check_out_type(out_type, average):
    """Check ``out_type`` against the allowed ones and the averaging.

    Parameters
    ----------
    out_type : str
        ``'array'``, ``'dict'`` or ``'list'``.
    average : bool
        Whether the outputs are averaged (``'array'`` needs it: unaveraged paths differ in
        length).

    Returns
    -------
    str
        ``out_type``.

    Raises
    ------
    OptionError
        If ``out_type`` is not one of :data:`OUT_TYPES`, or is ``'array'`` without averaging.
    """
    if out_type not in OUT_TYPES:
        raise OptionError(f"out_type must be one of {OUT_TYPES}; got out_type={out_type!r}")
    if out_type == "array" and not average:
        raise OptionError("out_type='array' needs averaged outputs (T=0 gives paths of "
                          "different lengths): use out_type='list' or 'dict'")
    return out_type
