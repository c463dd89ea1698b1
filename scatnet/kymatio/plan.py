"""Kymatio's 1-D scattering compiled into the core's execution plan (no data).

Kymatio: ``kymatio/scattering1d/core/scattering1d.py`` (the path walk and its subsampling),
``kymatio/scattering1d/backend/numpy_backend.py`` (``subsample_fourier``, ``unpad``) and
``kymatio/scattering1d/utils.py`` (``compute_meta_scattering``), version 0.3.0.

Rows are the input signals after reflect padding to ``N_padded`` samples. With
``L = floor(log2 T)`` and ``o = oversampling``, a path of ``U_m`` at resolution ``r`` (its
rows subsampled by ``2**r``) gives

* ``S_m``: its product with the low-pass at level ``r``, subsampled by ``2**ds``,
  ``ds = max(L − r − o, 0)`` (averaged outputs); ``U_m`` itself otherwise;
* the children ``|U_m ⋆ ψ|`` of ``U_{m+1}``: wavelet ``ψ`` (order ``m+1``, maximal subsampling
  ``j``) at level ``r``, subsampled by ``2**ds``, ``ds = max(min(j, L) − r − o, 0)``
  (``max(j − r − o, 0)`` without averaging).

Subsampling by ``2**ds`` is Kymatio's ``subsample_fourier``: the mean of the ``2**ds`` blocks of
the spectrum, i.e. :class:`~scatnet._core.filtering.FoldFilters` with ``2**−ds`` folded into
the coefficients. Every output keeps the signal's samples, ``ind_start[k] … ind_end[k] − 1`` at
resolution ``k`` (:meth:`~scatnet.kymatio.options.Spec.border`, ``Group.offset``). The paths of
order 2 are the pairs with ``j2 > j1``; paths are in Kymatio's order (by order, then by the
filter indices ``n``).
"""
import threading
from dataclasses import dataclass

import numpy as np

from .._core import cache
from .._core.filtering import FoldFilters
from .._core.plan import Group, LayerPlan, Plan, Step, group_jobs
from .._errors import OptionError
from .filter_bank import SIGMA0, gauss_1d, morlet_1d, periodize_filter_fourier

__all__ = ["KymatioPlan", "Path", "get_plan", "walk"]

#: Filter coefficients below ``TRIM_RTOL`` times the filter's peak are left out of its window
#: (the Gaussian tails, and the Morlet correction of narrow wavelets, ~1e-80): they change an
#: output by less than 1e-20 of the input's spectrum, far below rounding (float64 parity 1e-10).
TRIM_RTOL = 1e-20


@dataclass(frozen=True)
class Path:
    """One scattering path: its order and, per order, the wavelet's index and design.

    Attributes
    ----------
    n : tuple of int
        Index of the wavelet of each order (Kymatio's key; ``()`` for order 0).
    j : tuple of int
        Maximal dyadic subsampling of each wavelet.
    xi : tuple of float
        Centre frequency of each wavelet, cycles per sample.
    sigma : tuple of float
        Width of each wavelet, cycles per sample.
    """

    n: tuple
    j: tuple
    xi: tuple
    sigma: tuple

    @property
    def order(self):
        """The order of the path.

        Returns
        -------
        int
            ``len(n)``.
        """
        return len(self.n)


def children(spec, path):
    """List the paths of the next order that extend ``path`` (order 2 needs ``j2 > j1``).

    Parameters
    ----------
    spec : scatnet.kymatio.options.Spec
        The resolved set-up.
    path : Path
        A path of order 0 or 1.

    Returns
    -------
    list of Path
        Its children, by increasing wavelet index.
    """
    xis, sigmas, js = spec.banks[path.order]
    return [Path(path.n + (n,), path.j + (j,), path.xi + (xi,), path.sigma + (sigma,))
            for n, (xi, sigma, j) in enumerate(zip(xis, sigmas, js))
            if not path.j or j > path.j[-1]]


def walk(spec, max_order):
    """List the paths of orders 0 … ``max_order`` in Kymatio's order.

    Parameters
    ----------
    spec : scatnet.kymatio.options.Spec
        The resolved set-up.
    max_order : int, 1 or 2
        The largest order.

    Returns
    -------
    list of list of Path
        Per order, its paths.
    """
    layers = [[Path((), (), (), ())]]
    for _ in range(max_order):
        layers.append([c for p in layers[-1] for c in children(spec, p)])
    return layers


@dataclass(frozen=True)
class KymatioPlan:
    """An execution plan with its paths (both from :func:`walk`).

    Attributes
    ----------
    plan : scatnet._core.plan.Plan
        What the core runs.
    paths : list of list of Path
        Per order, its paths (row order of the layer).
    average : bool
        Whether the outputs are the blurred ``S`` groups (else the ``U`` groups).
    """

    plan: Plan
    paths: list
    average: bool


def _trim(coefs):
    """The shortest circular window ``(start, values)`` holding every coefficient above
    :data:`TRIM_RTOL` of the peak."""
    L = len(coefs)
    idx = np.flatnonzero(np.abs(coefs) > TRIM_RTOL * np.abs(coefs).max())
    if len(idx) == L:
        return 0, coefs
    gaps = np.diff(idx, append=idx[0] + L)
    i = int(np.argmax(gaps))
    start = int(idx[(i + 1) % len(idx)])
    return start, coefs[(start + np.arange(L - gaps[i] + 1)) % L]


class _Bank:
    """Level-0 filters designed on demand; the low-pass and the second order (used at several
    levels) are kept while a plan is made, the first order (used once each) is not."""

    def __init__(self, spec):
        self.spec, self.level0 = spec, {}

    def get(self, order, n):
        key = (order, n)
        if key in self.level0:
            return self.level0[key]
        if order == 0:
            h = gauss_1d(self.spec.N_padded, SIGMA0 / self.spec.T)
        else:
            xis, sigmas, _ = self.spec.banks[order - 1]
            h = morlet_1d(self.spec.N_padded, xis[n], sigmas[n])
        if order != 1:
            self.level0[key] = h
        return h


class _Pack:
    """Windows of one step: each (filter, level, subsampling) once."""

    def __init__(self, bank):
        self.bank, self.index, self.windows = bank, {}, []

    def get(self, order, n, level, ds):
        key = (order, n, level, ds)
        if key not in self.index:
            coefs = periodize_filter_fourier(self.bank.get(order, n), 2 ** level) * 2.0 ** -ds
            self.index[key] = len(self.windows)
            self.windows.append(_trim(coefs.astype(complex)))
        return self.index[key]

    def step(self, groups, out_groups, sources):
        return Step(FoldFilters.pack(self.windows), out_groups,
                    group_jobs(groups, out_groups, dict(enumerate(sources))))


def _groups(spec, rows):
    """Group ``rows`` ``[(resolution, path), …]`` by resolution, finest first."""
    by_res = {}
    for row, (res, _) in enumerate(rows):
        by_res.setdefault(res, []).append(row)
    groups = []
    for res in sorted(by_res):
        if spec.N_padded >> res < 1:
            raise OptionError(
                f"a path is subsampled by 2**{res} but the padded signals have only "
                f"N_padded={spec.N_padded} samples (shape={spec.N}, J={spec.J}, T={spec.T}): "
                "use a smaller J or T, or longer signals")
        start, stop = spec.border(res)
        members = np.array(by_res[res], dtype=np.int64)
        groups.append(Group(ls=-res, length=spec.N_padded >> res,
                            paths=[rows[r][1].n for r in members], rows=members,
                            valid=stop - start, offset=start))
    return groups


def plan_scattering(spec, max_order, average, oversampling):
    """Compile the scattering of ``spec`` into an execution plan (see the module docstring).

    Parameters
    ----------
    spec : scatnet.kymatio.options.Spec
        The resolved set-up.
    max_order : int, 1 or 2
        The largest order.
    average : bool
        Whether to average the outputs with the low-pass.
    oversampling : int >= 0
        Log2 of the oversampling relative to the default subsampling.

    Returns
    -------
    KymatioPlan
        The plan (rows of ``N_padded`` samples) and its paths.

    Raises
    ------
    OptionError
        If a path is subsampled below one sample.
    """
    L, o = spec.log2_T, oversampling
    bank = _Bank(spec)
    paths = walk(spec, max_order)
    rows = [(0, paths[0][0])]
    groups = [Group(ls=0, length=spec.N_padded, paths=[()], rows=np.zeros(1, dtype=np.int64),
                    valid=spec.N, offset=spec.pad_left)]
    layers = []
    for m in range(max_order + 1):
        src = {int(r): (gi, local) for gi, g in enumerate(groups) for local, r in enumerate(g.rows)}
        pack, s_rows, s_sources = _Pack(bank), [], []
        for row, (res, path) in enumerate(rows) if average else ():
            ds = max(L - res - o, 0)
            s_rows.append((res + ds, path))
            s_sources.append(src[row] + (pack.get(0, 0, res, ds),))
        s_groups = _groups(spec, s_rows)
        blur = pack.step(groups, s_groups, s_sources)
        scatter, next_rows = None, []
        if m < max_order:
            pack, sources = _Pack(bank), []
            for row, (res, path) in enumerate(rows):
                for child in children(spec, path):
                    j = child.j[-1]
                    ds = max((min(j, L) if average else j) - res - o, 0)
                    next_rows.append((res + ds, child))
                    sources.append(src[row] + (pack.get(m + 1, child.n[-1], res, ds),))
            scatter = pack.step(groups, _groups(spec, next_rows), sources)
        layers.append(LayerPlan(order=m, groups=groups, paths=[p.n for _, p in rows],
                                blur=blur, scatter=scatter))
        if scatter is None:
            break
        rows, groups = next_rows, scatter.out_groups
    return KymatioPlan(Plan(size=spec.N_padded, layers=layers), paths, average)


_PLANS = {}
_LOCK = threading.Lock()


@cache.register
def clear_plans():
    """Forget the cached Kymatio plans (called by :func:`scatnet.clear_cache`)."""
    with _LOCK:
        _PLANS.clear()


def get_plan(spec, max_order, average, oversampling):
    """Get the plan of a set-up, made once per set of arguments and kept.

    Parameters
    ----------
    spec : scatnet.kymatio.options.Spec
        The resolved set-up.
    max_order : int, 1 or 2
        The largest order.
    average : bool
        Whether to average the outputs with the low-pass.
    oversampling : int >= 0
        Log2 of the oversampling relative to the default subsampling.

    Returns
    -------
    KymatioPlan
        The plan of :func:`plan_scattering`, shared by every caller with the same arguments.
    """
    key = (spec, max_order, average, oversampling)
    with _LOCK:
        hit = _PLANS.get(key)
    if hit is None:
        hit = plan_scattering(spec, max_order, average, oversampling)
        with _LOCK:
            hit = _PLANS.setdefault(key, hit)
    return hit
