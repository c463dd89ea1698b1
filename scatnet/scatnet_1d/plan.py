"""ScatNet's layers compiled into the core's execution plan (no data).

MATLAB: ``core/scat.m``, ``core/wavelet_layer_1d.m``, ``core/wavelet_1d.m``,
``convolution/conv_sub_1d.m``, ``pad_signal.m``, ``unpad_signal.m`` (spec scatnet §1.4, §1.7;
reference README §6.3).

For an input of ``n`` samples and operators ``Wop{m+1}`` (bank ``min(m+1, nbanks)``), each path
of ``U{m+1}`` at resolution ``j0`` (hop ``2**j0``) holds ``1 + floor((n − 1)/2**j0)`` samples,
padded (``filt_opt.boundary``) to ``L = N_f/2**j0`` for the FFT. Then

* the low-pass makes ``S{m+1}``: ``ds = max(0, round(log2(2π/phi_bw)) − j0 − oversampling)``;
* wavelet λ, applied where ``psi_xi(λ) < bandwidth(parent)·2**path_margin``, makes a path of
  ``U{m+2}``: ``ds = max(0, round(log2(2π/psi_bw(λ)/2)) − j0 − max(1, oversampling))``;

each output is ``ifft(fold_{2**ds}(x̂·ψ̂_L))/2**(ds/2)`` (:class:`~scatnet._core.filtering.
FoldFilters`, the scale folded into the coefficients), cut to ``1 + floor((n − 1)/2**(j0+ds))``
samples. Paths of one layer are grouped by resolution; their order is ScatNet's (by parent path,
then by wavelet).
"""
import math

import numpy as np

from .._core.filtering import FoldFilters
from .._core.plan import Group, LayerPlan, Plan, Step, group_jobs
from .._errors import OptionError
from .._matlab import matlab_round

#: U{1}.meta.bandwidth of the input signal (``wavelet_layer_1d``: 2π when absent).
INPUT_BANDWIDTH = 2 * math.pi


def pad_index(n, n_pad, boundary):
    """Compute the source index of samples ``n … n_pad − 1`` of ScatNet's ``pad_signal`` (−1: zero).

    MATLAB: ``pad_signal.m``.

    The padding is split as the original does: ``floor(d/2)`` samples continue the extension
    after the signal, ``ceil(d/2)`` come before it (circularly, at the end), ``d = n_pad − n``.

    Parameters
    ----------
    n : int >= 1
        Samples of the signal.
    n_pad : int >= n
        Length after padding.
    boundary : {'symm', 'per', 'zero'}
        ``'symm'``: half-sample symmetric (1 2 3 → 1 2 3 3 2 1); ``'per'``: periodic;
        ``'zero'``: zeros.

    Returns
    -------
    ndarray, int64, shape (n_pad − n,)
        For each padded sample, the index of the signal sample it copies, or −1 for zero.
    """
    d = n_pad - n
    if boundary == "zero":
        return np.full(d, -1, dtype=np.int64)
    ind0 = (np.concatenate([np.arange(n), np.arange(n)[::-1]]) if boundary == "symm"
            else np.arange(n))
    ind = np.empty(n_pad, dtype=np.int64)
    ind[:n] = np.arange(n)
    right = np.arange(d // 2)
    ind[n + right] = ind0[(n + right) % len(ind0)]
    left = np.arange(d - d // 2)
    ind[n_pad - 1 - left] = ind0[(len(ind0) - 1 - left) % len(ind0)]
    return ind[n:]


def valid_length(n, resolution):
    """Count the samples ``unpad_signal`` keeps at ``resolution`` of a signal of ``n`` samples.

    MATLAB: ``unpad_signal.m``.

    Parameters
    ----------
    n : int >= 1
        Samples of the input signal.
    resolution : int >= 0
        Log2 of the hop.

    Returns
    -------
    int
        ``1 + floor((n − 1) / 2**resolution)``.
    """
    return 1 + (n - 1) // 2 ** resolution


def _ds(bandwidth, j0, oversampling):
    return max(0, int(matlab_round(math.log2(2 * math.pi / bandwidth))) - j0 - oversampling)


class _Pack:
    """Realised filters of one step, each (filter, input resolution) once."""

    def __init__(self, size_filter):
        self.size_filter = size_filter
        self.index, self.windows = {}, []

    def get(self, key, filt, j0, ds):
        if key not in self.index:
            start, coefs = filt.realize(self.size_filter >> j0)
            self.index[key] = len(self.windows)
            self.windows.append((start, np.asarray(coefs, dtype=complex) * 2.0 ** (-ds / 2)))
        return self.index[key]

    def pack(self):
        return FoldFilters.pack(self.windows)


def check_sizes(banks):
    """Refuse banks of different ``size_filter`` (the original then fails in ``conv_sub_1d``).

    Morlet and Gabor banks have ``N_f = 2**ceil(log2(2N))``; spline and Selesnick banks
    ``2N`` ('symm'): for an ``N`` that is not a power of two, mixed banks do not share a grid.

    Parameters
    ----------
    banks : sequence of FilterBank1D
        The filter banks of ``Wop``.

    Raises
    ------
    OptionError
        If the banks do not all have the same ``size_filter``.
    """
    sizes = [b.size_filter for b in banks]
    if len(set(sizes)) > 1:
        raise OptionError(
            f"the filter banks have different lengths size_filter={sizes} "
            f"(filter_type={[b.meta['filter_type'] for b in banks]}): ScatNet then fails in "
            "conv_sub_1d (reshape error). Use a power-of-two N (all banks then have N_f = 2N) "
            "or banks of one family")


def _groups(children, n, size_filter, boundary):
    """Group the (resolution, …) children of a layer by resolution, coarse last."""
    by_res = {}
    for row, child in enumerate(children):
        by_res.setdefault(child[0], []).append(row)
    groups = []
    for res in sorted(by_res):
        if size_filter % 2 ** res or size_filter >> res < 2:
            raise OptionError(
                f"a path reaches resolution {res} (hop 2**{res}) but the filters' length "
                f"size_filter={size_filter} is not divisible by 2**{res} into at least 2 "
                "samples: ScatNet then fails in conv_sub_1d. Use a power-of-two N, a smaller "
                "T (J) or a larger oversampling")
        rows = np.array(by_res[res], dtype=np.int64)
        length = size_filter >> res
        valid = valid_length(n, res)
        groups.append(Group(ls=-res, length=length, paths=[children[r][1] for r in rows],
                            rows=rows, valid=valid, pad=pad_index(valid, length, boundary)))
    return groups


def plan_scat(banks, scat_opt, n):
    """Compile ``scat(x, Wop)`` for inputs of ``n`` samples into an execution plan.

    MATLAB: ``core/scat.m`` with ``core/wavelet_layer_1d.m`` (see the module docstring for the
    downsampling rules).

    Parameters
    ----------
    banks : sequence of FilterBank1D
        The filter banks; order m uses bank ``min(m, len(banks) − 1)``.
    scat_opt : dict
        The resolved ``scat_opt``: ``M``, ``oversampling``, ``path_margin``.
    n : int
        Samples of the input signals.

    Returns
    -------
    plan : scatnet._core.plan.Plan
        The execution plan (rows of ``size_filter`` samples).
    metas : list of (dict, dict)
        Per order m, the meta of ``S{m+1}`` and of ``U{m+1}``: dicts of arrays ``j``
        (m × P), ``bandwidth``, ``resolution`` (P,) and ``q`` (0 × P).

    Raises
    ------
    OptionError
        If the banks have different lengths, or a path reaches a resolution that does not
        divide ``size_filter`` into at least 2 samples.
    """
    check_sizes(banks)
    size_filter = banks[0].size_filter
    boundary = banks[0].options["boundary"]
    M, os_, margin = scat_opt["M"], scat_opt["oversampling"], scat_opt["path_margin"]
    # paths of U{m+1}: (resolution, j tuple, bandwidth)
    paths = [(0, (), INPUT_BANDWIDTH)]
    groups = _groups(paths, n, size_filter, boundary)
    layers, metas = [], []
    for m in range(M + 1):
        bank = banks[min(m, len(banks) - 1)]
        src = {int(r): (gi, local) for gi, g in enumerate(groups) for local, r in enumerate(g.rows)}
        # blur: S{m+1}
        pack, s_children, s_sources = _Pack(size_filter), [], []
        for row, (j0, j, _) in enumerate(paths):
            ds = _ds(bank.phi_bw, j0, os_)
            s_children.append((j0 + ds, j))
            s_sources.append(src[row] + (pack.get(("phi", j0), bank.phi, j0, ds),))
        s_groups = _groups(s_children, n, size_filter, boundary)
        blur = Step(pack.pack(), s_groups, group_jobs(groups, s_groups, dict(enumerate(s_sources))))
        s_meta = _meta([j for _, j, _ in paths], [bank.phi_bw] * len(paths),
                       [c[0] for c in s_children], m)
        u_meta = _meta([j for _, j, _ in paths], [bw for _, _, bw in paths],
                       [p[0] for p in paths], m)
        scatter, children = None, []
        if m < M:
            pack, sources = _Pack(size_filter), []
            for row, (j0, j, bw) in enumerate(paths):
                for lam in np.flatnonzero(bank.psi_xi[:len(bank.psi)] < bw * 2.0 ** margin):
                    lam = int(lam)
                    ds = _ds(bank.psi_bw[lam] * 2, j0, max(1, os_))
                    children.append((j0 + ds, j + (lam,), float(bank.psi_bw[lam])))
                    sources.append(src[row] + (pack.get(("psi", lam, j0), bank.psi[lam], j0, ds),))
            out = _groups(children, n, size_filter, boundary)
            scatter = Step(pack.pack(), out, group_jobs(groups, out, dict(enumerate(sources))))
        layers.append(LayerPlan(order=m, groups=groups, paths=[j for _, j, _ in paths],
                                blur=blur, scatter=scatter))
        metas.append((s_meta, u_meta))
        if scatter is None:
            break
        paths, groups = children, scatter.out_groups
    return Plan(size=size_filter, layers=layers), metas


def _meta(js, bandwidths, resolutions, m):
    j = (np.array(js, dtype=np.int64).reshape(len(js), m).T if m else
         np.zeros((0, len(js)), dtype=np.int64))
    return {"j": j, "bandwidth": np.array(bandwidths, dtype=float),
            "resolution": np.array(resolutions, dtype=np.int64),
            "q": np.zeros((0, len(js)), dtype=float)}  # U{1}.meta.q = zeros(0,1), copied along
