"""ScatNet's frequency scattering: a second scattering along log-frequency λ1.

MATLAB: ``core/scat_freq.m`` (scattering along λ1 of the coefficients of each (λ2, λ3, …));
``core/spec_freq_average.m`` (the MFCC-like baseline) is in :mod:`.spec_freq`. These are the
"freq" configurations of the Deep Scattering Spectrum paper (spec §1.8): the time scattering
is computed first; its coefficients are grouped along λ1
(:func:`~scatnet.scatnet_1d.freq_tables.concatenate_freq`) and each group is scattered along λ1
with operators of :func:`scatnet.wavelet_factory_1d`, on the shared engine (:func:`scatnet.scat`).
"""
import math
import warnings

import numpy as np

from .._errors import InputError, InputTypeError, ScatnetWarning
from ._post_common import as_layers, where
from .factory import WaveletOperators
from .freq_tables import _rows, concatenate_freq
from .layers import ScatLayer, ScatResult
from .scat import scat

__all__ = ["scat_freq"]

#: ``fr_bandwidth`` of coefficients not filtered along λ1 (MATLAB: ``2*pi``).
_FULL_BAND = 2 * math.pi


def _check_freq_input(X, Wop, func):
    layers = as_layers(X, func)
    if not isinstance(Wop, WaveletOperators):
        raise InputTypeError(f"{func}: Wop must be the operators along λ1 made by "
                             f"wavelet_factory_1d(N_fr, filt_opt, scat_opt); got "
                             f"{type(Wop).__name__}")
    for m, layer in enumerate(layers):
        for key in ("j", "bandwidth", "resolution"):
            if key not in layer.meta:
                raise InputError(f"{func}: {where(m)} has no meta[{key!r}]; scat_freq takes the "
                                 f"S (or U) of scat, whose layers carry j, bandwidth and "
                                 f"resolution")
        if "fr_j" in layer.meta:
            raise InputError(f"{func}: {where(m)} already has meta['fr_j']: X was already "
                             f"scattered along frequency; pass the S of scat instead")
    return layers


def _check_lengths(groups, Wop, func):
    """Every table length P (number of λ1 of a group) must fit the frequency operators."""
    longest = max((p for sizes in groups for p in sizes), default=0)
    if longest > Wop.size_filter:
        raise InputError(
            f"{func}: a λ1 group has P={longest} coefficients but Wop pads signals along λ1 to "
            f"size_filter={Wop.size_filter} (built for N={Wop.N}): build Wop with "
            f"wavelet_factory_1d(N_fr) for N_fr >= {longest} (e.g. the next power of two)")
    if longest > Wop.N:
        warnings.warn(
            f"{func}: a λ1 group has P={longest} coefficients, more than the N={Wop.N} the "
            f"operators along λ1 were designed for: it is padded to {Wop.size_filter} only (as "
            f"the original does); build Wop for N_fr >= {longest} to keep the boundary padding",
            ScatnetWarning, stacklevel=3)


def _fr_results(tables, Wop, return_U, n_jobs):
    """Scatter every table along λ1, one :func:`scat` call per table length P.

    ``tables[k]`` is ``(*batch, P_k, n_k)``; its rows (every time frame of every signal) are the
    signals of length P_k along λ1. Returns ``S_fr[k]`` (and ``U_fr[k]``): per order ``mp`` a
    list over paths kp of ``(signals (P', *batch, n_k), bandwidth, resolution, j column)``.
    """
    out_S, out_U = [None] * len(tables), [None] * len(tables)
    by_length = {}
    for k, table in enumerate(tables):
        by_length.setdefault(table.shape[-2], []).append(k)
    for P, ks in by_length.items():
        rows = [np.moveaxis(tables[k], -2, -1).reshape(-1, P) for k in ks]
        bounds = np.cumsum([0] + [len(r) for r in rows])
        with warnings.catch_warnings():
            # rows ≫ P is expected here: these are K·n signals of P samples each
            warnings.filterwarnings("ignore", message="the signal has shape=",
                                    category=ScatnetWarning)
            warnings.filterwarnings("ignore", message="the signal has n=", category=ScatnetWarning)
            res = scat(np.concatenate(rows), Wop, return_U=return_U, n_jobs=n_jobs)
        results = res if return_U else (res,)
        for which, result in enumerate(results):
            for g, k in enumerate(ks):
                lead = tables[k].shape[:-2] + (tables[k].shape[-1],)
                per_order = []
                for layer in result:
                    paths = []
                    for kp, sig in enumerate(layer.signal):
                        part = sig[bounds[g]:bounds[g + 1]].reshape(lead + (sig.shape[-1],))
                        paths.append((np.ascontiguousarray(np.moveaxis(part, -1, 0)),
                                      float(layer.meta["bandwidth"][kp]),
                                      int(layer.meta["resolution"][kp]),
                                      np.asarray(layer.meta["j"])[:, kp]))
                    per_order.append(paths)
                (out_S if which == 0 else out_U)[k] = per_order
    return out_S, out_U


def _copy_orders(tables):
    """Order 0 in time: no transform along λ1, the coefficients are copied (MATLAB ``m == 0``)."""
    return [[[(np.moveaxis(np.array(t, copy=True), -2, 0), _FULL_BAND, 0,
               np.array([-1], dtype=np.int64))]] for t in tables]


def _assemble(Y, fr, n_fr_rows, batch_shape):
    """One time order's layer: paths in the order freq order → group → fr path → kept λ1."""
    sizes = np.cumsum([0] + list(Y.sizes))
    n_orders = max((len(f) for f in fr), default=0)
    signals, cols, fr_bw, fr_res, fr_j, fr_order = [], [], [], [], [], []
    for mp in range(n_orders):
        for k, per_order in enumerate(fr):
            for sig, bw, res, jcol in per_order[mp]:
                kept = np.arange(sizes[k], sizes[k + 1])[::2 ** res]
                if len(kept) != sig.shape[0]:
                    raise RuntimeError("scat_freq: λ1 subsampling and scat disagree (bug)")
                signals.extend(sig)
                cols.append(kept)
                n = len(kept)
                fr_bw.append(np.full(n, bw))
                fr_res.append(np.full(n, res, dtype=np.int64))
                col = np.full(n_fr_rows, -1, dtype=np.int64)
                col[:len(jcol)] = jcol
                fr_j.append(np.repeat(col[:, None], n, axis=1))
                fr_order.append(np.full(n, mp, dtype=np.int64))
    cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.intp)
    j = _rows(Y.meta["j"], sum(Y.sizes))
    meta = {"j": j[:, cols].astype(np.int64),
            "bandwidth": np.asarray(Y.meta["bandwidth"], dtype=float).reshape(-1)[cols],
            "resolution": np.asarray(Y.meta["resolution"]).reshape(-1)[cols],
            "fr_j": (np.concatenate(fr_j, axis=1) if fr_j
                     else np.zeros((n_fr_rows, 0), dtype=np.int64)),
            "fr_bandwidth": np.concatenate(fr_bw) if fr_bw else np.zeros(0),
            "fr_resolution": np.concatenate(fr_res) if fr_res else np.zeros(0, dtype=np.int64),
            "fr_order": np.concatenate(fr_order) if fr_order else np.zeros(0, dtype=np.int64)}
    return ScatLayer(signals, meta, batch_shape)


def scat_freq(X, Wop, *, return_U=False, n_jobs=None):
    """Scattering transform along the first frequency λ1 of a scattering ``X``.

    MATLAB: ``[S, U] = scat_freq(X, Wop)`` (``core/scat_freq.m``).

    For each order m ≥ 1 of ``X``, the coefficients with equal (λ2, λ3, …) form a table
    ``x[λ1, t]`` (:func:`~scatnet.scatnet_1d.freq_tables.concatenate_freq`; λ1 by increasing
    ``j1``). Each column ``x[·, t]`` is scattered along λ1 with ``Wop``: ``S_fr = scat(x[·, t],
    Wop)``, e.g. ``|x ⋆_λ1 ψ_fr| ⋆_λ1 φ_fr``. A frequency path kept at resolution ``r`` along λ1
    gives one coefficient per kept λ1 (every ``2**r``-th of the group), which takes the ``j``,
    ``bandwidth`` and ``resolution`` of that λ1 and the frequency meta ``fr_j``,
    ``fr_bandwidth``, ``fr_resolution`` and ``fr_order`` (0: low-pass only). Order 0 is copied
    with ``fr_j = −1``, ``fr_bandwidth = 2π``, ``fr_resolution = 0``, ``fr_order = 0``.
    All columns of all tables of one length (over all orders) run in one :func:`scatnet.scat`
    call.

    Parameters
    ----------
    X : ScatResult or list of ScatLayer
        A time scattering (the ``S`` of :func:`scatnet.scat`, possibly renormalised, logged or
        averaged): each layer with ``j``, ``bandwidth`` and ``resolution``, and the paths of one
        λ1 group of one shape ``(*batch, n)``.
    Wop : WaveletOperators
        Operators along λ1 from :func:`scatnet.wavelet_factory_1d`, built for an ``N_fr`` at
        least the number of λ1 of the largest group, e.g. ``wavelet_factory_1d(64, {'J': 5},
        {'M': 1})``.
    return_U : bool, default False
        Also return the λ1 scalograms ``U`` (fr order 0: the copied inputs; fr order m:
        ``|…|`` of the λ1 wavelets).
    n_jobs : int, optional
        Threads of :func:`scatnet.scat` (results do not depend on it).

    Returns
    -------
    S : ScatResult
        ``S[m]``: paths ``(*batch, n)`` ordered by ``fr_order``, then group (as
        ``concatenate_freq``), then frequency path, then kept λ1. ``meta``: ``j`` (int64,
        ``(m, P)``), ``bandwidth``, ``resolution`` (``(P,)``), ``fr_j`` (int64,
        ``(M_fr, P)``, −1 rows where the frequency path is shorter; ``(1, 1)`` at order 0),
        ``fr_bandwidth``, ``fr_resolution``, ``fr_order`` (``(P,)``).
    U : ScatResult
        Only with ``return_U``; returned as ``(S, U)``.

    Raises
    ------
    InputTypeError
        If ``X`` is not a list of layers or ``Wop`` does not come from wavelet_factory_1d.
    InputError
        If a layer lacks ``j``/``bandwidth``/``resolution`` or already has ``fr_j``, the
        paths of one group differ in shape, or a group has more λ1 than ``Wop.size_filter``.

    Warns
    -----
    ScatnetWarning
        If a group has more λ1 than the ``N`` of ``Wop`` (padded to ``size_filter`` only).

    Notes
    -----
    Differences from the original: an order without paths gives an empty layer (MATLAB fails in
    ``flatten_scat``); an ``X`` already scattered along frequency is refused (MATLAB would
    regroup it by ``fr_j`` and overwrite the ``fr_*`` fields). Cost: one scattering of
    ``K·n`` signals of ``P`` samples per group, batched into one call per distinct ``P``.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import default_filter_options, wavelet_factory_1d, scat
    >>> Wop, _ = wavelet_factory_1d(4096, default_filter_options('audio', 512))
    >>> S = scat(np.random.default_rng(0).standard_normal(4096), Wop)
    >>> Wfr, _ = wavelet_factory_1d(64, {'J': 5}, {'M': 1})
    >>> Sf = scat_freq(S, Wfr)
    >>> [len(layer.signal) for layer in Sf], Sf[1].meta["fr_j"][0, :5]
    ([1, 18, 54], array([-1, -1, -1,  0,  0]))
    """
    func = "scat_freq"
    layers = _check_freq_input(X, Wop, func)
    Y = concatenate_freq(layers)
    _check_lengths([y.sizes for m, y in enumerate(Y) if m > 0], Wop, func)
    # every table of every order m >= 1, scattered together (one scat call per length)
    tables = [t for y in Y[1:] for t in y.signal]
    all_S, all_U = _fr_results(tables, Wop, return_U, n_jobs)
    S_out, U_out, start = [], [], 0
    for m, (layer, y) in enumerate(zip(layers, Y)):
        if m == 0:
            fr_S = fr_U = _copy_orders(y.signal)
            rows = 1
        else:
            stop = start + len(y.signal)
            fr_S, fr_U, start = all_S[start:stop], all_U[start:stop], stop
            rows = Wop.M
        S_out.append(_assemble(y, fr_S, rows, layer.batch_shape))
        if return_U:
            U_out.append(_assemble(y, fr_U, rows, layer.batch_shape))
    if return_U:
        return ScatResult(S_out, "S"), ScatResult(U_out, "U")
    return ScatResult(S_out, "S")
