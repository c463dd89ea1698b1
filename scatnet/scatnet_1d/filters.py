"""Storage of ScatNet 1-D filters (the three ``filter_format``s) and of a filter bank.

MATLAB: ``filters/optimize_filter.m``, ``truncate_filter.m``, ``periodize_filter.m``,
``realize_filter.m`` and ``convolution/conv_sub_1d.m`` (which filter a signal spectrum of
length L gets), spec §1.3–1.4 and §8.
"""
from __future__ import annotations

import math
import types

import numpy as np

from scatnet._errors import InputError, OptionError
from scatnet._matlab import matlab_round

__all__ = ["Filter1D", "FilterBank1D", "optimize_filter", "periodize_filter", "truncate_filter"]


def _readonly(a: np.ndarray) -> np.ndarray:
    """A read-only view (the caller's own array keeps its flags)."""
    a = np.asarray(a).view()
    a.flags.writeable = False
    return a


def _matlab_argmax(f: np.ndarray) -> int:
    """0-based index MATLAB ``[~, i] = max(f)`` returns: the first maximum; for complex f the
    largest modulus, ties broken by the largest phase angle."""
    if not np.iscomplexobj(f):
        return int(np.argmax(f))
    a = np.abs(f)
    cand = np.flatnonzero(a == a.max())
    return int(cand[np.argmax(np.angle(f[cand]))])


class Filter1D:
    """One filter in the frequency domain, stored as ScatNet stores it.

    MATLAB: ``filters.psi.filter{k}`` / ``filters.phi.filter``, output of
    ``optimize_filter.m``: a numeric vector (``'fourier'``), a ``'fourier_multires'`` struct
    (``coefft{j0+1}`` at length N/2^j0) or a ``'fourier_truncated'`` struct (``coefft`` on the
    window of bins ``start … start+len−1``, 1-based, circular, ``recenter`` = 1).

    Immutable: arrays are read-only; :meth:`realize` caches its results per length. Each
    parameter is kept as the attribute of the same name.

    Parameters
    ----------
    format : {'fourier', 'fourier_multires', 'fourier_truncated'}
        The storage format (MATLAB ``filter.type``, or a plain vector for ``'fourier'``).
    size_filter : int
        N_f, the length of the full response (MATLAB ``filter.N``).
    coefft : ndarray or sequence of ndarray
        Full response (fourier), responses at N_f/2^j0, j0 = 0, 1, … (multires) or the kept
        window (truncated); kept as read-only views (a tuple for multires).
    start : int, optional
        Truncated only (and required there): MATLAB's 1-based ``filter.start`` (may be <= 0:
        the window wraps).

    Raises
    ------
    OptionError
        If ``format`` is unknown, or ``start`` is given for a format other than
        ``'fourier_truncated'`` or missing for it.
    """

    __slots__ = ("_cache", "coefft", "format", "size_filter", "start")

    def __init__(self, format: str, size_filter: int, coefft, start=None):
        if format not in ("fourier", "fourier_multires", "fourier_truncated") or \
                (start is None) != (format != "fourier_truncated"):
            raise OptionError(f"Filter1D: format={format!r} with start={start!r}: the format "
                              f"must be 'fourier', 'fourier_multires' or 'fourier_truncated', "
                              f"and start is given for (and only for) 'fourier_truncated'.")
        if format == "fourier_multires":
            coefft = tuple(_readonly(c) for c in coefft)
        else:
            coefft = _readonly(coefft)
        for name, value in (("format", format), ("size_filter", int(size_filter)),
                            ("coefft", coefft), ("start", None if start is None else int(start)),
                            ("_cache", {})):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"Filter1D is immutable (tried to set {name!r})")

    def __repr__(self):
        extra = f", start={self.start}, length={len(self.coefft)}" if self.start is not None else ""
        return f"Filter1D({self.format!r}, size_filter={self.size_filter}{extra}, dtype={self.dtype})"

    @property
    def dtype(self) -> np.dtype:
        return (self.coefft[0] if self.format == "fourier_multires" else self.coefft).dtype

    @property
    def recenter(self) -> bool:
        """MATLAB ``filter.recenter``: 1 for truncated filters (always), absent otherwise.

        Returns
        -------
        bool
            Whether the format is ``'fourier_truncated'``.
        """
        return self.format == "fourier_truncated"

    def full(self) -> np.ndarray:
        """Rebuild the length-N_f Fourier response, as MATLAB ``realize_filter(filter)`` gives it.

        Returns
        -------
        ndarray, shape (size_filter,)
            The response, read-only, in the storage dtype; for a truncated filter the window,
            zero elsewhere.
        """
        if self.format == "fourier":
            return self.coefft
        if self.format == "fourier_multires":
            return self.coefft[0]
        out = np.zeros(self.size_filter, self.dtype)
        out[(self.start - 1 + np.arange(len(self.coefft))) % self.size_filter] = self.coefft
        return _readonly(out)

    def realize(self, L: int, *, matlab_range_quirk: bool = True):
        """The filter that ``conv_sub_1d(xf, filter, ds)`` applies to a spectrum of length L.

        MATLAB: ``convolution/conv_sub_1d.m``. Returns ``(start, coefs)``: ``coefs[i]``
        multiplies bin ``(start + i) mod L`` of the signal's FFT (``start`` 0-based,
        ``len(coefs) <= L``); every other bin is multiplied by 0. The fold into 2^ds blocks and
        the ``circshift(…, filter.start−1)`` that follow in conv_sub_1d amount, for an output
        length M dividing L, to adding ``X[k]·F[k]`` into output bin ``k mod M``.

        * ``'fourier'``: ``[f(1:L/2); f(L/2+1)/2 + f(end−L/2+1)/2; f(end−L/2+2:end)]``.
        * ``'fourier_multires'``: ``coefft{1 + log2(N_f/L)}``.
        * ``'fourier_truncated'``: the window at ``start mod L`` if it is at most L long;
          otherwise it is weighted by conv_sub_1d's low-pass (1 on bins < L/2 and > N_f − L/2,
          1/2 on L/2 and N_f − L/2, 0 elsewhere) and periodised into L bins.

        Exact zeros at both ends of the window are trimmed (this changes no number).

        Parameters
        ----------
        L : int
            N_f / 2^j0 for an integer j0 >= 0, and L >= 2.
        matlab_range_quirk : bool, default True
            Reproduce conv_sub_1d's ``rng = start0+0:nCoeffts0-1`` (MATLAB's ``:`` binds
            after ``+``, so the range is ``start0:(nCoeffts0−1)``, not ``start0 + (0:…)``): for
            a non-wrapping window longer than L, the low-pass weights are kept only on its
            first ``nCoeffts0 − start0`` coefficients. This differs from the intended low-pass
            only when such a window reaches the last L/2 bins of N_f. False gives the
            intended weights (the same as ``realize_filter(full(), L)``).

        Returns
        -------
        start : int
            0-based bin of the signal's spectrum that ``coefs[0]`` multiplies.
        coefs : ndarray, read-only, storage dtype
            The coefficients, at most L of them, on bins ``(start + i) mod L``.

        Raises
        ------
        InputError
            L is not N_f/2^j0 with L >= 2, or a multires filter has no level of length L.
        """
        key = (int(L), bool(matlab_range_quirk))
        hit = self._cache.get(key)
        if hit is None:
            hit = self._realize(*key)
            self._cache[key] = hit
        return hit

    def _realize(self, L: int, quirk: bool):
        N = self.size_filter
        ratio = N // L if L >= 2 and N % L == 0 else 0
        if ratio == 0 or ratio & (ratio - 1) or L % 2:
            raise InputError(f"Filter1D.realize: L={L} must be N_f/2^j0 (N_f={N}) and even.")
        if self.format == "fourier":
            f, h = self.coefft, L // 2
            mid = f[h:h + 1] / 2 + f[N - h:N - h + 1] / 2
            start, coefs = 0, np.concatenate([f[:h], mid, f[N - h + 1:]])
        elif self.format == "fourier_multires":
            j0 = ratio.bit_length() - 1
            if j0 >= len(self.coefft):
                raise InputError(f"Filter1D.realize: L={L} is below the coarsest level "
                                 f"({len(self.coefft[-1])}) of this multires filter.")
            start, coefs = 0, self.coefft[j0]
        else:
            coefs, n = self.coefft, len(self.coefft)
            if n > L:
                coefs = (coefs * self._lowpass(L, quirk)).reshape(n // L, L).sum(axis=0)
            start = (self.start - 1) % L
        return _trim(start, coefs, L)

    def _lowpass(self, L: int, quirk: bool) -> np.ndarray:
        """conv_sub_1d's weights on the stored window (1-based bin positions ``rng``)."""
        N, n = self.size_filter, len(self.coefft)
        start0 = (self.start - 1) % N + 1
        if start0 + n - 1 <= N:
            rng = np.arange(start0, n) if quirk else np.arange(start0, start0 + n)
        else:
            rng = np.concatenate([np.arange(start0, N + 1), np.arange(1, n + start0 - N)])
        w = np.zeros(n, dtype=np.zeros(1, self.dtype).real.dtype)
        m = len(rng)
        w[:m][rng < L / 2 + 1] = 1
        w[:m][rng == L / 2 + 1] = 1 / 2
        w[:m][rng == N - L / 2 + 1] = 1 / 2
        w[:m][rng > N - L / 2 + 1] = 1
        return w


def _trim(start: int, coefs: np.ndarray, L: int):
    """The shortest circular window of the L bins that holds every non-zero coefficient.

    Only exact zeros are dropped, so no product or sum changes.
    """
    n = len(coefs)
    nz = np.flatnonzero(coefs)
    if nz.size == 0:
        return 0, _readonly(coefs[:0].copy())
    if n == L:
        gaps = np.diff(nz)
        i = int(np.argmax(gaps)) if gaps.size else 0
        if gaps.size and gaps[i] > nz[0] + L - nz[-1]:   # the largest run of zeros is inside
            first, length = int(nz[i + 1]), L - int(gaps[i]) + 1
            idx = (first + np.arange(length)) % L
            return (start + first) % L, _readonly(coefs[idx])
    if nz[0] > 0 or nz[-1] < n - 1:
        coefs = coefs[nz[0]:nz[-1] + 1]
        start = (start + int(nz[0])) % L
    return start, _readonly(coefs)


def periodize_filter(filter_f: np.ndarray) -> tuple:
    """Compute the responses of a filter at every resolution N/2^j0.

    MATLAB: ``filters/periodize_filter.m``: ``coefft{j0+1}`` is the response weighted by 1 on
    bins < L/2 and > N − L/2, 1/2 on bins L/2 and N − L/2 (0-based), 0 elsewhere, and folded
    into L = N/2^j0 bins. At most two weighted bins land on one output bin, so this is
    ``[f(1:L/2); f(L/2+1)/2 + f(N−L/2+1)/2; f(N−L/2+2:N)]`` (``realize_filter(filter_f, L)``),
    which is evaluated directly.

    Parameters
    ----------
    filter_f : ndarray, shape (N,)
        The full Fourier response.

    Returns
    -------
    tuple of ndarray
        The responses of length N/2^j0 for j0 = 0, 1, … while N/2^(j0+1) is an integer; the
        first is ``filter_f`` itself.
    """
    N = len(filter_f)
    out, j0 = [], 0
    while abs(math.floor(N / 2 ** (j0 + 1)) - N / 2 ** (j0 + 1)) <= 1e-6:
        h = (N >> j0) // 2
        mid = filter_f[h:h + 1] / 2 + filter_f[N - h:N - h + 1] / 2
        out.append(filter_f if j0 == 0 else
                   np.concatenate([filter_f[:h], mid, filter_f[N - h + 1:]]))
        j0 += 1
    return tuple(out)


def truncate_filter(filter_f: np.ndarray, threshold: float):
    """Window of a filter's response holding every coefficient above threshold·max.

    MATLAB: ``filters/truncate_filter.m``. The response is circularly shifted to put its
    maximum at bin N/2 (1-based), the first and last bins above ``threshold·max|f|`` are found,
    the length is raised to N/2^k (``N/2^floor(log2(N/len))``), the window recentred
    (``round(round((i1+i2)/2) − len/2)``) and ``start = i1 − (N/2 − i_max)``.

    Parameters
    ----------
    filter_f : ndarray, shape (N,)
        The full Fourier response.
    threshold : float
        Relative threshold, in (0, 1): bins whose modulus exceeds ``threshold·max|f|`` are
        kept.

    Returns
    -------
    start : int
        1-based, possibly <= 0 or > N − len (circular).
    coefft : ndarray, shape (len,)
        The window of the response, bins ``start … start + len − 1`` (circular).
    """
    N = len(filter_f)
    shift = N // 2 - (_matlab_argmax(filter_f) + 1)
    f = np.roll(filter_f, shift)
    a = np.abs(f)
    above = np.flatnonzero(a > a.max() * a.dtype.type(threshold))
    i1, i2 = int(above[0]) + 1, int(above[-1]) + 1
    length = N / 2 ** math.floor(math.log2(N / (i2 - i1 + 1)))
    i1 = int(matlab_round(matlab_round((i1 + i2) / 2) - length / 2))
    count = math.floor(length - 1 + 1e-9) + 1            # MATLAB i1:(i1+length-1)
    return i1 - shift, f[(i1 - 1 + np.arange(count)) % N]


def optimize_filter(filter_f: np.ndarray, lowpass: bool, options: dict) -> Filter1D:
    """Store a filter in the bank's ``filter_format``.

    MATLAB: ``filters/optimize_filter.m``.

    Parameters
    ----------
    filter_f : ndarray, shape (N,)
        The full Fourier response.
    lowpass : bool
        Whether the filter is the low-pass; unused (as in the original: ``truncate_filter``
        always recentres).
    options : dict
        The bank's options: ``filter_format`` (default ``'fourier_multires'``) and
        ``truncate_threshold`` (default 1e-3).

    Returns
    -------
    Filter1D
        The stored filter, with ``size_filter = N``.
    """
    fmt = options.get("filter_format", "fourier_multires")
    N = len(filter_f)
    if fmt == "fourier":
        return Filter1D(fmt, N, filter_f)
    if fmt == "fourier_multires":
        return Filter1D(fmt, N, periodize_filter(filter_f))
    start, coefft = truncate_filter(filter_f, options.get("truncate_threshold", 1e-3))
    return Filter1D(fmt, N, coefft, start)


class FilterBank1D:
    """One ScatNet filter bank (MATLAB ``filters{k}``), immutable.

    Each parameter is kept, read-only, as the attribute of the same name.

    Parameters
    ----------
    meta : mapping
        MATLAB ``filters{k}.meta`` with the same fields: morlet/gabor ``filter_type, Q, B, J,
        P, xi_psi, sigma_psi, sigma_phi, boundary, phi_dirac, size_filter``; spline ``J,
        size_filter, spline_order, boundary, filter_type``; selesnick ``J, size_filter,
        boundary, filter_type``.
    options : mapping
        Every resolved option of the bank (``bank_options``), including ``precision``,
        ``filter_format``, ``truncate_threshold`` and ``phi_bw_multiplier``.
    psi : tuple of Filter1D
        The wavelets, highest frequency first (MATLAB ``psi.filter{k}``, ``psi.meta.k`` = k−1).
    phi : Filter1D
        The low-pass.
    psi_xi, psi_bw : array_like of float
        ``filter_freq(meta)``, rad/sample (kept as read-only float arrays). For morlet/gabor
        ``psi_bw`` has J+P+1 entries (one more than there are wavelets, as
        ``morlet_freq_1d.m`` returns it; spec §8).
    phi_bw : float
        Bandwidth of the low-pass, rad/sample.
    """

    __slots__ = ("meta", "options", "phi", "phi_bw", "psi", "psi_bw", "psi_xi")

    def __init__(self, meta, options, psi, phi, psi_xi, psi_bw, phi_bw):
        values = {"meta": types.MappingProxyType(dict(meta)),
                  "options": types.MappingProxyType(dict(options)), "psi": tuple(psi), "phi": phi,
                  "psi_xi": _readonly(np.array(psi_xi, dtype=float)),
                  "psi_bw": _readonly(np.array(psi_bw, dtype=float)), "phi_bw": float(phi_bw)}
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"FilterBank1D is immutable (tried to set {name!r})")

    @property
    def size_filter(self) -> int:
        return int(self.meta["size_filter"])

    def __repr__(self):
        return (f"FilterBank1D({self.meta['filter_type']!r}, {len(self.psi)} wavelets, "
                f"size_filter={self.size_filter}, format={self.options['filter_format']!r})")
