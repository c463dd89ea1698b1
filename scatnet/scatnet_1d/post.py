"""ScatNet's post-processing of scattering results ("scatutils").

MATLAB: ``scatutils/format_scat.m``, ``flatten_scat.m``, ``renorm_scat.m`` here; the layer-wise
maps (``log_scat.m``, ``average_scat.m``, ``resample_scat.m``, ``scat_energy.m``, ``scatfun.m``,
``scatfun_layer.m``) live in :mod:`.layerwise` and the builtin ``interpft`` in
:mod:`._post_common`; all are re-exported here, the one import point.

``S`` is a :class:`~scatnet.scatnet_1d.layers.ScatResult` (MATLAB cell ``S``, index m = order m)
of :class:`~scatnet.scatnet_1d.layers.ScatLayer`; each path is ``(*batch, n)``, time last. No
function modifies its input; every output array is new (except ``format_scat(S, 'raw')``, which
returns ``S`` itself).
"""
import numpy as np

from .._errors import InputError, OptionError
from ._post_common import (
    as_layers,
    check_epsilon,
    check_int,
    group_paths,
    hanning_standalone,
    interpft,
    per_path,
    real_dtype,
    resolutions,
    stack,
    where,
)
from .layers import ScatLayer, ScatResult
from .layerwise import average_scat, log_scat, resample_scat, scat_energy, scatfun, scatfun_layer

__all__ = [
    "average_scat",
    "flatten_scat",
    "format_scat",
    "hanning_standalone",
    "interpft",
    "log_scat",
    "renorm_scat",
    "resample_scat",
    "scat_energy",
    "scatfun",
    "scatfun_layer",
]

_FORMATS = ("table", "order_table", "raw")
_LAYOUTS = ("python", "matlab")


def _flatten_layers(layers, copy):
    """One layer holding every path of ``layers`` (the body of ``flatten_scat.m``)."""
    signals = [np.array(s, copy=True) if copy else s for layer in layers for s in layer.signal]
    batch = {layer.batch_shape for layer in layers if len(layer.signal)}
    if len(batch) > 1:
        raise InputError(f"flatten_scat: the orders of S have different batch_shape {sorted(batch)}"
                         f"; all orders of one scattering hold the same signals")
    counts = [len(layer.signal) for layer in layers]
    # 'order' first, then the fields of the last layer, as MATLAB's struct
    order = [np.asarray(layer.meta["order"], dtype=np.int64).reshape(-1) if "order" in layer.meta
             else np.full(n, m, dtype=np.int64) for m, (layer, n) in enumerate(zip(layers, counts))]
    meta = {"order": np.concatenate(order) if order else np.zeros(0, dtype=np.int64)}
    for field in layers[-1].meta if layers else ():
        if field == "order":
            continue
        present = [np.asarray(layer.meta[field]) for layer in layers if field in layer.meta]
        one_row = all(v.ndim <= 1 for v in present)
        rows = max(1 if v.ndim <= 1 else v.shape[0] for v in present)
        dtype = np.result_type(*present)
        parts = []
        for layer, n in zip(layers, counts):
            if field in layer.meta:
                v = np.asarray(layer.meta[field])
                v = v.reshape(1, n) if v.ndim <= 1 else v
            else:  # absent in this order: −1 (MATLAB would drop the columns, see Notes)
                v = np.full((rows, n), -1, dtype=dtype)
            # fill the missing rows with −1 (MATLAB: [value; -ones(...)])
            if v.shape[0] < rows:
                v = np.concatenate([v, np.full((rows - v.shape[0], n), -1, dtype=v.dtype)])
            parts.append(v)
        value = np.concatenate(parts, axis=1).astype(dtype, copy=False)
        meta[field] = value[0].copy() if one_row else value
    return ScatLayer(signals, meta, next(iter(batch)) if batch else ())


def flatten_scat(S):
    """Put the coefficients of all orders into one layer.

    MATLAB: ``scatutils/flatten_scat.m``.

    The paths of orders 0, 1, …, M are concatenated in that order. ``meta['order']`` gives each
    path's order; every meta field of the last order is concatenated across orders, fields with
    fewer rows (such as ``j``, ``m × P_m``) being padded with rows of −1, so that the order-0
    column of ``j`` is all −1.

    Parameters
    ----------
    S : ScatResult or list of ScatLayer
        The scattering (MATLAB cell ``S``).

    Returns
    -------
    ScatResult
        One layer (MATLAB returns the 1-cell ``{Y}``): ``signal`` lists copies of all paths;
        ``meta['order']`` int64 ``(P,)``; ``meta['j']`` ``(M, P)``; 1-row fields such as
        ``bandwidth`` and ``resolution`` ``(P,)``.

    Raises
    ------
    InputTypeError
        If ``S`` is not a ScatResult or a list of layers.
    InputError
        If a meta field has the wrong number of columns, or the orders hold different batches.

    Notes
    -----
    A field missing from some order (but present in the last) is filled with −1 there; MATLAB
    appends no column for it, which shifts the field against the paths. A layer that already has
    ``meta['order']`` (an already flattened S) keeps it, so flattening twice changes nothing;
    MATLAB would concatenate the old orders with zeros.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer, ScatResult
    >>> s0 = ScatLayer([np.ones(4)], {"j": np.zeros((0, 1), int), "bandwidth": np.array([0.1]),
    ...                               "resolution": np.array([1])})
    >>> s1 = ScatLayer([np.zeros(4), np.ones(4)], {"j": np.array([[0, 1]]),
    ...                "bandwidth": np.array([0.1, 0.1]), "resolution": np.array([1, 1])})
    >>> flat = flatten_scat(ScatResult([s0, s1]))
    >>> flat[0].meta["order"], flat[0].meta["j"]
    (array([0, 1, 1]), array([[-1,  0,  1]]))
    """
    layers = as_layers(S, "flatten_scat")
    return ScatResult([_flatten_layers(layers, copy=True)],
                      kind=getattr(S, "kind", "S"))


def _layer_shape(layer, m, func):
    """The common shape of a layer's paths (a table needs one)."""
    shapes = [np.shape(s) for s in layer.signal]
    bad = [p for p, sh in enumerate(shapes) if sh != shapes[0]]
    if bad:
        raise InputError(
            f"{func}: the paths of {where(m)} have different shapes ({where(m, 0)}: {shapes[0]}, "
            f"{where(m, bad[0])}: {shapes[bad[0]]}); a table needs one number of frames per "
            f"order: resample them first (resample_scat) or keep the layer as it is (fmt='raw')")
    return shapes[0]


def _table(signals, layout):
    """Stack paths ``(*batch, T)`` into ``(*batch, P, T)`` or MATLAB's ``(P, T, *batch)``."""
    if layout == "python":
        return np.stack(signals, axis=-2)
    return np.moveaxis(np.stack(signals, axis=0), -1, 1)


def _empty_table(batch_shape, layout):
    return np.zeros((0, 0)) if layout == "matlab" else np.zeros(tuple(batch_shape) + (0, 0))


def format_scat(S, fmt="table", *, layout="python"):
    """Arrange a scattering as a table of paths × frames.

    MATLAB: ``scatutils/format_scat.m`` (``[out, meta] = format_scat(S, fmt)``).

    ``'table'``: row p of the table is path p of :func:`flatten_scat` (order 0, then order 1, …);
    ``'order_table'``: one table per order; ``'raw'``: ``S`` itself.

    Parameters
    ----------
    S : ScatResult or list of ScatLayer
        The scattering; paths ``(*batch, T)``, time last.
    fmt : {'table', 'order_table', 'raw'}, default 'table'
        MATLAB ``fmt``.
    layout : {'python', 'matlab'}, default 'python'
        ``'python'``: tables ``(P, T)`` for one signal, ``(K, P, T)`` for K signals (batch first,
        time last). ``'matlab'``: MATLAB's ``P × T`` and ``P × T × K`` (see Notes).

    Returns
    -------
    out : ndarray, list of ndarray, or ScatResult
        ``'table'``: ``(*batch, P, T)`` (or ``(P, T, *batch)``); ``'order_table'``: list of
        ``(*batch, P_m, T_m)`` tables, an empty ``(*batch, 0, 0)`` (``(0, 0)``) one for an order
        without paths; ``'raw'``: ``S``.
    meta : dict, list of dict, or None
        ``'table'``: the flattened meta (``order``, ``j`` padded with −1 rows, ``bandwidth``,
        ``resolution`` and the other fields, one column per row of the table); ``'order_table'``:
        a copy of each order's meta; ``'raw'``: None (MATLAB ``[]``).

    Raises
    ------
    OptionError
        If ``fmt`` or ``layout`` is not one of the allowed values.
    InputTypeError
        If ``S`` is not a ScatResult or a list of layers.
    InputError
        If the paths of one order differ in shape, or (``'table'``) the orders differ in their
        number of frames.

    Notes
    -----
    MATLAB's array is ``P × T × 1 × K`` for K signals (each path is ``T × 1 × K``); the
    ``'matlab'`` layout drops that singleton axis. The original compares only the first path of
    each order, using ``length`` (the largest dimension, so K > T passes); scatnet checks every
    path's number of frames.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer, ScatResult
    >>> s0 = ScatLayer([np.ones(3)], {"j": np.zeros((0, 1), int), "bandwidth": np.array([0.1]),
    ...                               "resolution": np.array([2])})
    >>> s1 = ScatLayer([np.zeros(3), np.arange(3.0)], {"j": np.array([[0, 1]]),
    ...                "bandwidth": np.array([0.1, 0.1]), "resolution": np.array([2, 2])})
    >>> table, meta = format_scat(ScatResult([s0, s1]))
    >>> table
    array([[1., 1., 1.],
           [0., 0., 0.],
           [0., 1., 2.]])
    >>> meta["order"], meta["j"]
    (array([0, 1, 1]), array([[-1,  0,  1]]))
    """
    func = "format_scat"
    if fmt not in _FORMATS:
        raise OptionError(f"{func}: unknown fmt={fmt!r}; the formats are 'table' (default), "
                          f"'order_table' and 'raw'")
    if layout not in _LAYOUTS:
        raise OptionError(f"{func}: unknown layout={layout!r}; use 'python' ((K, P, T), time "
                          f"last) or 'matlab' (P × T × K)")
    if fmt == "raw":
        as_layers(S, func)
        return S, None
    layers = as_layers(S, func)
    shapes = [_layer_shape(layer, m, func) if len(layer.signal) else None
              for m, layer in enumerate(layers)]
    if fmt == "order_table":
        tables = [_table(layer.signal, layout) if shapes[m] is not None
                  else _empty_table(layer.batch_shape, layout) for m, layer in enumerate(layers)]
        metas = [{k: np.array(v, copy=True) for k, v in layer.meta.items()} for layer in layers]
        return tables, metas
    full = [m for m, sh in enumerate(shapes) if sh is not None]
    if len({shapes[m][-1] for m in full}) > 1:
        desc = "; ".join(
            f"order {m}: {shapes[m][-1]} frames"
            + (f" at resolution {', '.join(f'{r:g}' for r in np.unique(resolutions(layers[m])))}"
               if "resolution" in layers[m].meta else "") for m in full)
        raise InputError(
            f"{func}: fmt='table' needs every order at the same resolution, but {desc}. The "
            f"orders were blurred by low-pass filters of different widths. Use "
            f"fmt='order_table' for one table per order, or build S with one T at every order: "
            f"in ScatNet, set filt_opt.J = T_to_J(T, filt_opt) after changing filt_opt.Q "
            f"(default_filter_options computed J for the default Q)")
    if len({shapes[m] for m in full}) > 1:
        raise InputError(
            f"{func}: the orders of S hold different batches: "
            + "; ".join(f"order {m}: paths of shape {shapes[m]}" for m in full)
            + "; all orders of one scattering hold the same signals")
    flat = _flatten_layers(layers, copy=False)
    table = _table(flat.signal, layout) if flat.signal else _empty_table(flat.batch_shape, layout)
    return table, flat.meta


def _j_matrix(layer):
    """``meta['j']`` as a matrix ``(rows, P)`` (a 1-D j is one row; an empty one has 0 rows)."""
    j = np.asarray(layer.meta["j"])
    if j.ndim == 2:
        return j
    return j.reshape(1, -1) if j.size else np.zeros((0, len(layer.signal)), dtype=np.int64)


def _parents(parent_j, child_j, m):
    """Index in order m−1 of each order-m path's parent (same ``j[:m−1]``), as ``renorm_scat.m``:
    ``p1 = find(all(S{m}.meta.j == j(1:m−1)))``."""
    n1 = parent_j.shape[1]
    prefix = child_j[:m - 1]
    if prefix.shape[0] == 0:
        labels = np.zeros(n1 + prefix.shape[1], dtype=np.intp)
    else:
        cols = np.concatenate([parent_j, prefix], axis=1).T
        labels = np.unique(cols, axis=0, return_inverse=True)[1].reshape(-1)
    count = np.bincount(labels[:n1], minlength=labels.max(initial=0) + 1)
    lookup = np.full(count.size, -1, dtype=np.intp)
    lookup[labels[:n1]] = np.arange(n1)
    child_labels = labels[n1:]
    bad = np.flatnonzero(count[child_labels] != 1)
    if bad.size:
        p = int(bad[0])
        n = int(count[child_labels[p]])
        raise InputError(
            f"renorm_scat: {where(m, p)} with j = {child_j[:, p].tolist()} has {n} parents in "
            f"order {m - 1} (paths with j = {prefix[:, p].tolist()}); it needs exactly one. "
            f"meta['j'] of consecutive orders must come from the same scattering")
    return lookup[child_labels]


def renorm_scat(S, epsilon=2 ** -20, min_order=2):
    """Divide every coefficient of order ≥ ``min_order`` by its parent.

    MATLAB: ``scatutils/renorm_scat.m`` (``S = renorm_scat(S, epsilon, min_order)``).

    For a path p2 of order m with ``j = (j1, …, jm)``, its parent p1 is the order-(m−1) path with
    ``j = (j1, …, j_{m−1})``. With ``ds = log2(n_parent/n_child)``::

        parent = x1[::2^ds]·2^(ds/2)                       if ds > 0 (decimation)
        parent = interpft(x1, n_child)·2^(−ds/2)            otherwise
        S[m][p2] = S[m][p2] / (parent + epsilon·2^(res(p2)/2))

    with ``res(p2)`` the child's resolution. Orders are processed from the highest down, so every
    parent is the unnormalised coefficient.

    Parameters
    ----------
    S : ScatResult or list of ScatLayer
        The scattering; needs ``meta['j']`` and the children's ``meta['resolution']``.
    epsilon : float ≥ 0, default 2**-20
        Regulariser (≈ 1e-6), scaled by ``2^(res/2)`` like the coefficients.
    min_order : int ≥ 1, default 2
        Lowest order renormalised (1 also divides order 1 by order 0).

    Returns
    -------
    ScatResult
        New layers; paths ``(*batch, n)`` as in ``S``.

    Raises
    ------
    InputTypeError
        If ``S`` is not a ScatResult or a list of layers.
    OptionTypeError, OptionError
        If ``epsilon`` is not a number ≥ 0 or ``min_order`` not an integer ≥ 1.
    InputError
        If a path has no parent or several, a layer lacks ``j``/``resolution``, or the parent
        cannot be decimated to the child's length (ratio not an integer).

    Notes
    -----
    When the child has more frames than its parent, the parent is interpolated to exactly the
    child's length; MATLAB asks ``interpft`` for ``n_parent·2^(−ds)`` samples, which fails unless
    that product is a whole number.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet.scatnet_1d.layers import ScatLayer, ScatResult
    >>> meta = lambda j: {"j": np.array(j, dtype=int).reshape(len(j), 1), "bandwidth": np.ones(1),
    ...                   "resolution": np.zeros(1, int)}
    >>> S = ScatResult([ScatLayer([np.ones(2)], meta([])), ScatLayer([np.full(2, 2.0)], meta([0])),
    ...                 ScatLayer([np.full(2, 1.0)], meta([0, 1]))])
    >>> renorm_scat(S, epsilon=0)[2].signal[0]
    array([0.5, 0.5])
    """
    func = "renorm_scat"
    layers = as_layers(S, func)
    epsilon = check_epsilon(epsilon, func)
    min_order = check_int(min_order, "min_order", func, 1)
    out = [layer.copy(signal=[np.array(s, copy=True) for s in layer.signal]) for layer in layers]
    for m in range(len(layers) - 1, min_order - 1, -1):
        child, parent = layers[m], layers[m - 1]
        if not len(child.signal):
            continue
        for name, layer, mm in (("j", child, m), ("j", parent, m - 1), ("resolution", child, m)):
            if name not in layer.meta:
                raise InputError(f"{func}: {where(mm)} has no meta[{name!r}]; renorm_scat needs "
                                 f"the paths' j and the children's resolution")
        pj, cj = _j_matrix(parent), _j_matrix(child)
        if pj.shape[0] != m - 1 or cj.shape[0] < m - 1:
            raise InputError(
                f"{func}: meta['j'] of {where(m - 1)} has {pj.shape[0]} rows and of {where(m)} "
                f"{cj.shape[0]}; order m has m rows (S must be unflattened, index = order)")
        p1 = _parents(pj, cj, m)
        sub = 2.0 ** (resolutions(child) / 2)
        n_parent = [np.shape(parent.signal[i])[-1] for i in p1]
        for (shape, n_p), idx in group_paths(child.signal, keys=n_parent):
            n_c = shape[-1]
            ds = np.log2(n_p / n_c)
            par = stack(parent.signal, p1[idx])
            if ds > 0:
                if n_p % n_c:
                    raise InputError(
                        f"{func}: {where(m, int(idx[0]))} has {n_c} frames and its parent "
                        f"{where(m - 1, int(p1[idx[0]]))} {n_p}; a parent is decimated by "
                        f"2^ds = {n_p / n_c:g}, which must be an integer")
                par = par[..., ::n_p // n_c] * 2.0 ** (ds / 2)
            else:
                par = interpft(par, n_c) * 2.0 ** (-ds / 2)
            x = stack(child.signal, idx)
            y = x / (par + per_path(epsilon * sub[idx], par.ndim).astype(real_dtype(par)))
            for g, p in enumerate(idx):
                out[m].signal[p] = y[g]
    return ScatResult(out, kind=getattr(S, "kind", "S"))
