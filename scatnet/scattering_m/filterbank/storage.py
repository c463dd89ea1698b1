"""Trimmed Fourier storage of a set of filters, packed for the numba kernels (spec §2.5, §2.7).

MATLAB: scattering.m ``lib/filterbanks/trim_ft.m``, ``optimize_bank.m``, ``untrim_ft.m``.

A filter of a grid of ``size`` bins is stored as its positive half (bins ``0 … size/2 − 1``)
and its negative half (bins ``size/2 … size − 1``, i.e. frequencies ``−size/2 … −1``: the Nyquist
bin belongs to the negative half), each cut to the contiguous span where ``|ψ̂|² > threshold``:

* ``pos_first``: first kept positive bin (0-based), ``pos_len`` kept bins;
* ``neg_last``: last kept negative frequency (−1 is the last bin), ``neg_len`` kept bins.

All filters of a :class:`TrimmedFilters` share one flat coefficient array so that a kernel
receives plain arrays (G9).
"""
from dataclasses import dataclass, field

import numpy as np

from ..._core.filtering import CastCache
from ._batches import batches, in_parallel


@dataclass(frozen=True, eq=False)
class TrimmedFilters:
    """``n`` trimmed filters on a grid of ``size`` bins, packed for the kernels.

    Filter ``i`` has ``pos_len[i]`` positive coefficients at ``coefs[pos_off[i]:]`` for bins
    ``pos_first[i] …`` and ``neg_len[i]`` negative coefficients at ``coefs[neg_off[i]:]`` for
    frequencies ``neg_last[i] − neg_len[i] + 1 … neg_last[i]``.
    """

    size: int
    coefs: np.ndarray  #: complex128, flat
    pos_off: np.ndarray
    pos_first: np.ndarray
    pos_len: np.ndarray
    neg_off: np.ndarray
    neg_last: np.ndarray
    neg_len: np.ndarray
    shape: tuple  #: logical shape of the filter set, e.g. (nGammas, nThetas)
    casts: CastCache = field(default_factory=CastCache, repr=False)
    rule = "resample"  #: spectral rule (:mod:`scatnet._core.filtering`): ``ifft_multiply``

    def __len__(self):
        return len(self.pos_len)

    def kernel_args(self, complex_dtype):
        """Get the packed arrays of :func:`scatnet.kernels.multiply_resample`.

        Parameters
        ----------
        complex_dtype : dtype-like, complex64 or complex128
            Precision of the run (complex64 for float32 runs); the coefficients are cast once
            and kept on this set.

        Returns
        -------
        tuple of ndarray
            ``(coefs, pos_off, pos_first, pos_len, neg_off, neg_last, neg_len)``.
        """
        return (self.casts.get(self.coefs, complex_dtype), self.pos_off, self.pos_first,
                self.pos_len, self.neg_off, self.neg_last, self.neg_len)

    def full(self, i):
        """Rebuild the untrimmed Fourier response of filter ``i`` (MATLAB ``untrim_ft``).

        Parameters
        ----------
        i : int
            The filter, 0-based (column-major over :attr:`shape`).

        Returns
        -------
        ndarray, complex128, shape (size,)
            The response, zero outside the kept spans.
        """
        out = np.zeros(self.size, dtype=complex)
        p, n = int(self.pos_len[i]), int(self.neg_len[i])
        if p:
            f = int(self.pos_first[i])
            out[f:f + p] = self.coefs[self.pos_off[i]:self.pos_off[i] + p]
        if n:
            last = self.size + int(self.neg_last[i])
            out[last - n + 1:last + 1] = self.coefs[self.neg_off[i]:self.neg_off[i] + n]
        return out

    def full_all(self):
        """Rebuild all untrimmed responses (frequency first, as MATLAB).

        Returns
        -------
        ndarray, complex128, shape (size, *shape)
            Filter ``i`` at ``[:, *unravel_index(i, shape, order='F')]``.
        """
        cols = [self.full(i) for i in range(len(self))]
        arr = np.stack(cols, axis=1) if cols else np.zeros((self.size, 0), complex)
        return arr.reshape((self.size,) + tuple(self.shape), order="F")


def _span(mask):
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return None
    return int(idx[0]), int(idx[-1])


def trim_halves(ft, threshold):
    """Trim one full-length response into ``(pos_first, pos, neg_last, neg)`` (MATLAB ``trim_ft``).

    Parameters
    ----------
    ft : ndarray, shape (size,)
        The Fourier response.
    threshold : float
        Bins with ``|ψ̂|² > threshold`` are kept (within one contiguous span per half);
        ``threshold <= 0`` keeps both halves whole.

    Returns
    -------
    pos_first : int or None
        First kept positive bin (0-based); 0 if the threshold is <= 0, None for an empty half.
    pos : ndarray
        The kept positive coefficients (empty if none).
    neg_last : int or None
        Last kept negative frequency (−1 is the last bin); −1 if the threshold is <= 0, None
        for an empty half.
    neg : ndarray
        The kept negative coefficients (empty if none).
    """
    size = len(ft)
    half = size // 2
    pos, neg = ft[:half], ft[half:]
    if threshold <= 0:
        return 0, pos.copy(), -1, neg.copy()
    energy_pos = (pos * np.conj(pos)).real
    energy_neg = (neg * np.conj(neg)).real
    sp, sn = _span(energy_pos > threshold), _span(energy_neg > threshold)
    if sp is None:
        pos_first, pos_kept = None, pos[:0]
    else:
        pos_first, pos_kept = sp[0], pos[sp[0]:sp[1] + 1]
    if sn is None:
        neg_last, neg_kept = None, neg[:0]
    else:
        neg_last, neg_kept = sn[1] - half, neg[sn[0]:sn[1] + 1]
    return pos_first, pos_kept, neg_last, neg_kept


def pack(size, halves, shape):
    """Pack a list of ``(pos_first, pos, neg_last, neg)`` into a read-only :class:`TrimmedFilters`.

    Parameters
    ----------
    size : int
        Number of bins of the grid.
    halves : list of tuple
        Per filter, :func:`trim_halves`' ``(pos_first, pos, neg_last, neg)``; None for
        ``pos_first`` / ``neg_last`` is stored as 0 / −1 (with an empty half).
    shape : tuple of int
        Logical shape of the set, e.g. ``(nGammas, nThetas)``.

    Returns
    -------
    TrimmedFilters
        The packed set, coefficients complex128, arrays read-only.
    """
    n = len(halves)
    pos_first = np.zeros(n, np.int64)
    pos_len = np.zeros(n, np.int64)
    neg_last = np.full(n, -1, np.int64)
    neg_len = np.zeros(n, np.int64)
    pos_off = np.zeros(n, np.int64)
    neg_off = np.zeros(n, np.int64)
    chunks, off = [], 0
    for i, (pf, p, nl, ng) in enumerate(halves):
        pos_off[i], pos_len[i] = off, len(p)
        pos_first[i] = 0 if pf is None else pf
        chunks.append(np.asarray(p, complex))
        off += len(p)
        neg_off[i], neg_len[i] = off, len(ng)
        neg_last[i] = -1 if nl is None else nl
        chunks.append(np.asarray(ng, complex))
        off += len(ng)
    coefs = np.concatenate(chunks) if chunks else np.zeros(0, complex)
    arrays = {"coefs": np.ascontiguousarray(coefs), "pos_off": pos_off, "pos_first": pos_first,
              "pos_len": pos_len, "neg_off": neg_off, "neg_last": neg_last, "neg_len": neg_len}
    for a in arrays.values():
        a.setflags(write=False)
    return TrimmedFilters(size=int(size), shape=tuple(shape), **arrays)


def power(fts):
    """Compute ``|ψ̂|² = Re² + Im²`` of real or complex responses (the value of ``(ψ̂·conj ψ̂).real``).

    Parameters
    ----------
    fts : ndarray
        Fourier responses, real or complex.

    Returns
    -------
    ndarray, float
        ``|ψ̂|²``, of the shape of ``fts``.
    """
    energies = fts.real * fts.real
    if np.iscomplexobj(fts):
        energies += fts.imag * fts.imag
    return energies


def _spans(mask):
    """First and last ``True`` column of each row of ``mask`` (``-1, -2`` for an all-false row)."""
    n = mask.shape[1]
    hit = mask.any(axis=1)
    first = np.where(hit, np.argmax(mask, axis=1), -1)
    last = np.where(hit, n - 1 - np.argmax(mask[:, ::-1], axis=1), -2)
    return first, last


def trim_rows(fts, threshold, shape):
    """Trim the rows of ``fts`` and pack them: :func:`trim_halves` on every row.

    The spans are found in parallel batches of rows.

    Parameters
    ----------
    fts : ndarray, shape (n, size)
        Row ``i`` is filter ``i``, column-major over ``shape``; may be real (a real Fourier
        response).
    threshold : float
        Bins with ``|ψ̂|² > threshold`` are kept; ``<= 0`` keeps every bin.
    shape : tuple of int
        Logical shape of the set.

    Returns
    -------
    TrimmedFilters
        The packed set (complex coefficients).
    """
    n, size = fts.shape
    half = size // 2
    if threshold <= 0:
        return pack(size, [(0, row[:half], -1, row[half:]) for row in fts], shape)

    def spans(rows):
        above = power(fts[rows.start:rows.stop]) > threshold
        return _spans(above[:, :half]) + _spans(above[:, half:])

    halves = []
    for rows, (p0, p1, n0, n1) in zip(batches(n), in_parallel(spans, batches(n))):
        for i, row in enumerate(fts[rows.start:rows.stop]):
            pos = (int(p0[i]), row[p0[i]:p1[i] + 1]) if p1[i] >= 0 else (None, row[:0])
            neg = ((int(n1[i]) - half, row[half + n0[i]:half + n1[i] + 1]) if n1[i] >= 0
                   else (None, row[:0]))
            halves.append(pos + neg)
    return pack(size, halves, shape)


def trim_filters(fts, threshold, shape):
    """Trim the columns of ``fts`` and pack them (:func:`trim_rows` of ``fts.T``).

    Parameters
    ----------
    fts : array_like, shape (size, n)
        Column ``i`` is filter ``i``, column-major over ``shape`` (MATLAB's layout).
    threshold : float
        Bins with ``|ψ̂|² > threshold`` are kept; ``<= 0`` keeps every bin.
    shape : tuple of int
        Logical shape of the set.

    Returns
    -------
    TrimmedFilters
        The packed set (complex coefficients).
    """
    return trim_rows(np.asarray(fts).T, threshold, shape)


def decimate(filters, n_keep_gammas):
    """Halve the support of a trimmed set, keeping the first ``n_keep_gammas`` γ of each θ.

    MATLAB: ``optimize_bank.m`` (multiple supports). Positive half ``pos[::2]`` with first bin
    ``ceil(pos_first/2)``; negative half ``neg[::2]`` counted from its most negative bin, with
    last frequency ``floor(neg_last/2)`` (the original's half-bin offsets are kept, spec §7 #9).
    Unlike the original, filters are selected per (γ, θ) instead of by linear index, so spins
    are never mixed when the number of filters shrinks (spec §7 #9, fixed).

    Parameters
    ----------
    filters : TrimmedFilters
        A set of logical shape ``(nGammas,)`` or ``(nGammas, nThetas)`` on ``size`` bins.
    n_keep_gammas : int
        Filters kept per θ (the first ones, γ = 0 … n_keep_gammas − 1).

    Returns
    -------
    TrimmedFilters
        The set on ``size // 2`` bins, of shape ``(n_keep_gammas[, nThetas])``.
    """
    n_gammas, n_thetas = (tuple(filters.shape) + (1,))[:2]
    halves = []
    for theta in range(n_thetas):
        for g in range(n_keep_gammas):
            i = g + theta * n_gammas
            p0, pl, po = int(filters.pos_first[i]), int(filters.pos_len[i]), int(filters.pos_off[i])
            nl, nn, no = int(filters.neg_last[i]), int(filters.neg_len[i]), int(filters.neg_off[i])
            pos = filters.coefs[po:po + pl][::2]
            neg = filters.coefs[no:no + nn][::2]
            halves.append((-(-p0 // 2) if pl else None, pos, nl // 2 if nn else None, neg))
    shape = (n_keep_gammas, n_thetas) if len(filters.shape) > 1 else (n_keep_gammas,)
    return pack(filters.size // 2, halves, shape)
