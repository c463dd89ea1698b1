"""Filter banks and invariants, built once per specification and cached (spec §2).

MATLAB: scattering.m ``lib/filterbanks/setup_bank.m``, ``optimize_bank.m``,
``lib/architecture/setup_invariant.m``.
"""
import functools
import math
import threading
from dataclasses import dataclass, replace

import numpy as np

from ..options.spec import FilterSpec, InvariantSpec
from .design import BANK_LOWPASS, lowpass_fourier, psi_fourier_rows
from .metas import Metas, fill_bank_metas
from .storage import TrimmedFilters, decimate, trim_rows


@dataclass(frozen=True, eq=False)
class FilterBank:
    """A bank of wavelets ψ (and its own low-pass φ), trimmed in Fourier, on one or more supports.

    ``psis[s]`` holds the filters of support ``s`` (0-based; grid ``size / 2**s``), a
    :class:`TrimmedFilters` of logical shape ``(nGammas_s, nThetas)``; ``phis[s]`` the bank
    low-pass on the same grid. Single-support banks have one entry.
    """

    spec: FilterSpec
    metas: Metas
    psis: tuple[TrimmedFilters, ...]
    phis: tuple[TrimmedFilters, ...]

    @property
    def n_gammas(self):
        return len(self.metas)

    @property
    def n_thetas(self):
        return self.spec.n_thetas

    def support_index(self, length):
        """Find the 0-based support whose grid has ``length`` bins (MATLAB ``1 + log2(size/length)`` − 1).

        Parameters
        ----------
        length : int
            Length of the grid, ``size / 2**s``.

        Returns
        -------
        int
            The support ``s``.

        Raises
        ------
        ValueError
            If the bank has no support of that length.
        """
        s = round(math.log2(self.spec.size / length))
        if not 0 <= s < len(self.psis) or self.psis[s].size != length:
            raise ValueError(f"no support of length {length} in a bank of size {self.spec.size}")
        return s

    def psi_ft(self):
        """Rebuild the untrimmed Fourier responses of support 0.

        Returns
        -------
        ndarray, complex128, shape (size, nGammas, nThetas)
            The responses, frequency first (as MATLAB).
        """
        return self.psis[0].full_all().reshape(self.spec.size, self.n_gammas, self.n_thetas)

    def phi_ft(self):
        """Rebuild the untrimmed Fourier response of the bank low-pass.

        Returns
        -------
        ndarray, complex128, shape (size,)
            The response of support 0.
        """
        return self.phis[0].full(0)


@dataclass(frozen=True, eq=False)
class Invariant:
    """The low-pass φ that makes S from a layer (MATLAB ``archs{m}.invariants{1}``)."""

    spec: InvariantSpec
    phis: tuple[TrimmedFilters, ...]

    def phi_ft(self):
        """Rebuild the untrimmed Fourier response.

        Returns
        -------
        ndarray, complex128, shape (size,)
            The response of the low-pass.
        """
        return self.phis[0].full(0)


def _supports(first, scales, size, n_thetas, multiple):
    """All supports of a trimmed set (MATLAB ``optimize_bank``): halve while filters fit."""
    supports = [first]
    if not multiple:
        return tuple(supports)
    n_supports = 1 + int(math.log2(size)) - math.floor(math.log2(min(scales)))
    for s in range(1, n_supports):
        length = size // 2 ** s
        n_keep = int(np.sum(np.asarray(scales) <= length))
        supports.append(decimate(supports[-1], min(n_keep, supports[-1].shape[0])))
    return tuple(supports)


def _build_bank(spec):
    metas = fill_bank_metas(spec)
    fts = psi_fourier_rows(spec, metas)
    size = int(spec.size)
    n_g, n_t = len(metas), spec.n_thetas
    psi0 = trim_rows(fts, spec.trim_threshold, (n_g, n_t))
    del fts
    psis = _supports(psi0, metas.scale, size, n_t, spec.has_multiple_support)
    lowpass = BANK_LOWPASS.get(spec.wavelet_name, "gaussian_1d")
    phi_ft = lowpass_fourier(lowpass, size, spec.T, spec.phi_bw_multiplier, spec.has_real_ft)
    phi0 = trim_rows(phi_ft[None, :], spec.trim_threshold, (1,))
    phis = [phi0]
    for s in range(1, len(psis)):
        phis.append(decimate(phis[-1], 1))
    return FilterBank(spec=spec, metas=metas, psis=psis, phis=tuple(phis))


def _build_invariant(spec):
    ft = lowpass_fourier(spec.invariant_handle, int(spec.size), spec.T, spec.phi_bw_multiplier,
                         spec.has_real_ft)
    return Invariant(spec=spec, phis=(trim_rows(ft[None, :], spec.trim_threshold, (1,)),))


_CACHE = {}
_CACHE_LOCK = threading.Lock()
_cache_enabled = True


def set_cache(enabled):
    """Enable or disable the filter-bank cache (enabled by default).

    Parameters
    ----------
    enabled : bool
        Whether :func:`setup_bank` and :func:`setup_invariant` keep and reuse what they build.

    Returns
    -------
    bool
        The previous state.
    """
    global _cache_enabled
    previous, _cache_enabled = _cache_enabled, bool(enabled)
    return previous


def clear_cache():
    """Forget every cached bank and invariant."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _cached(kind, builder):
    @functools.wraps(builder)
    def get(spec):
        if not _cache_enabled:
            return builder(spec)
        key = (kind, spec)
        with _CACHE_LOCK:
            hit = _CACHE.get(key)
        if hit is None:
            hit = builder(spec)
            with _CACHE_LOCK:
                hit = _CACHE.setdefault(key, hit)
        return hit
    return get


#: ``setup_bank(spec) -> FilterBank``: cached by the (frozen, hashable) :class:`FilterSpec`.
setup_bank = _cached("bank", _build_bank)
#: ``setup_invariant(spec) -> Invariant``: cached by the behaviour-free part of the spec.
_setup_invariant = _cached("invariant", _build_invariant)


def setup_invariant(spec):
    """Build (or get from the cache) the low-pass for ``spec``.

    MATLAB: ``lib/architecture/setup_invariant.m``.

    Parameters
    ----------
    spec : InvariantSpec
        The invariant's options; the fields that only affect propagation
        (``S_log2_oversampling``, ``is_S_invariant``, ``is_S_bypassed``, ``invariance``) do
        not split the cache.

    Returns
    -------
    Invariant
        The low-pass, trimmed in Fourier (one support).
    """
    return _setup_invariant(replace(spec, S_log2_oversampling=0, is_S_invariant=True,
                                    is_S_bypassed=False, invariance="blurred"))
