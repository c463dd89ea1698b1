"""``sc_format``: scattering layers → one dense feature matrix (spec §4).

MATLAB: scattering.m ``lib/export/sc_format.m``, ``indexing/format_layer.m``.
"""
import numbers

import numpy as np

from .._errors import InputError, InputTypeError
from .chunking import unchunk_array
from .result import PathTable, Scattering, ScatteringLayer, Tensor


def sc_format(S, *, layers=None, layout="python"):
    """Stack the paths of the requested layers into a dense array, in the original's order.

    MATLAB: ``formatted_S = sc_format(S)`` (features × time, S0 excluded by default).

    Parameters
    ----------
    S : Scattering
        Output of :func:`scatnet.sc_propagate`.
    layers : int or sequence of int, optional
        Orders to include (0 = S0, one feature); default every order ≥ 1 (``2:numel(S)`` in
        MATLAB, whose ``layers`` are 1-based: MATLAB ``[1 2 3]`` is ``[0, 1, 2]`` here).
    layout : {'python', 'matlab'}
        ``'python'``: ``(K, n_features, n_frames)`` (``(n_features, n_frames)`` for one 1-D
        signal). ``'matlab'``: ``(n_features·K, n_frames)`` with the channel axis varying
        fastest inside each path, exactly MATLAB's ``sc_format`` matrix.

    Returns
    -------
    F : ndarray, shape (K, n_features, n_frames), (n_features, n_frames) or (n_features·K, n_frames)
        The features, time last, in the layout chosen by ``layout``.
    paths : PathTable
        One row per feature path (per row of ``F`` for the Python layout).

    Raises
    ------
    InputError
        If the layers have different frame counts, ``S`` is not a scattering result, or
        ``layers`` is empty or names an order ``S`` does not have.
    InputTypeError
        If ``layers`` holds something other than integers.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, sc_format, default_auditory
    >>> archs = sc_setup([default_auditory(4096, 8000, 4), {'time': {}}])
    >>> F, paths = sc_format(sc_propagate(np.ones(4096), archs))
    >>> F.shape[0] == len(paths)
    True
    """
    if not isinstance(S, Scattering) or S.kind != "S":
        raise InputError("sc_format expects the S returned by sc_propagate (kind 'S'); got "
                         f"{type(S).__name__}{'' if not isinstance(S, Scattering) else ' of kind ' + S.kind}")
    if layout not in ("python", "matlab"):
        raise InputError(f"layout={layout!r} is not one of 'python', 'matlab'")
    orders = _orders(layers, len(S))
    blocks, tables = [], []
    for m in orders:
        for t in S[m]:
            d = t.unpadded()
            lead = d.shape[: d.ndim - len(t.axes)]  # batch (and chunk) axes
            n_features = int(np.prod(d.shape[len(lead):-1], dtype=np.int64))  # 1 for S0
            blocks.append(d.reshape(lead + (n_features, d.shape[-1])))
        tables.append(S[m].paths)
    frames = {b.shape[-1] for b in blocks}
    if len(frames) > 1:
        raise InputError(f"the requested layers have different frame counts {sorted(frames)}: "
                         "format them separately (layers=[m])")
    F = np.concatenate(blocks, axis=-2)
    # PathTable is not a dict: it has keys() but no __iter__ (iterating it would fail)
    keys = list(dict.fromkeys(k for tb in tables for k in tb.keys()))  # noqa: SIM118
    cols = {}
    for k in keys:
        parts = []
        for tb in tables:
            if k in tb.columns:
                parts.append(np.asarray(tb[k]))
            else:
                fill = 0 if k.startswith("gamma") else np.nan
                parts.append(np.full(len(tb), fill, dtype=object if k == "matlab_ref" else
                                     (np.int64 if k.startswith("gamma") else float)))
        cols[k] = np.concatenate(parts)
    paths = PathTable(cols)
    if layout == "matlab":
        if F.ndim == 2:
            return F, paths
        K, P, T = F.shape
        return np.ascontiguousarray(F.transpose(1, 0, 2)).reshape(P * K, T), paths
    return F, paths


def _orders(layers, n_orders):
    """The requested orders as a list of ints (``layers``: None, an int or a sequence of ints)."""
    if layers is None:
        return list(range(1, n_orders))
    items = [layers] if isinstance(layers, (numbers.Integral, np.integer)) else layers
    try:
        items = list(items)
    except TypeError:
        raise InputTypeError(f"layers={layers!r} must be an order or a sequence of orders "
                             f"(ints in 0 … {n_orders - 1}), e.g. layers=[1, 2]") from None
    orders = []
    for m in items:
        if isinstance(m, bool) or not isinstance(m, (numbers.Integral, np.integer)):
            raise InputTypeError(f"layers contains {m!r}, which is not an integer order; pass "
                                 f"ints in 0 … {n_orders - 1}, e.g. layers=[1, 2]")
        if not 0 <= m < n_orders:
            raise InputError(f"layers contains {m}, but S has orders 0 … {n_orders - 1}: pass "
                             f"orders in that range")
        orders.append(int(m))
    if not orders:
        raise InputError("layers is empty: pass at least one order, e.g. layers=[1]")
    return orders


def sc_unchunk(S):
    """Unchunk the output of a chunked propagation run with ``is_unchunked=False``.

    MATLAB: ``sc_unchunk(S)`` (``export/sc_unchunk.m``), with correct ranges (the original
    leaves the last index at ``size·(nChunks − 1)``, so ``sc_format`` then fails).

    Each tensor ``([K,] chunk, *axes, frames)`` becomes ``([K,] *axes, frames_out)``: the central
    frames of each chunk are concatenated (Tukey/no window) or the chunks are overlap-added and
    normalised (Hann), then cut to ``round(L·frames/size)`` frames.

    Parameters
    ----------
    S : Scattering
        ``S``, ``U`` or ``Y`` from :func:`scatnet.sc_propagate` with a chunk axis.

    Returns
    -------
    Scattering
        The same kind, without the chunk axis. Unchunked input is returned unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, sc_unchunk
    >>> archs = sc_setup([{'time': {'size': 1024, 'T': 256, 'is_unchunked': False}}])
    >>> S = sc_propagate(np.ones(3000), archs)
    >>> S[1][0].data.shape, sc_unchunk(S)[1][0].data.shape
    ((7, 8, 8), (8, 23))
    """
    if not isinstance(S, Scattering):
        raise InputError(f"sc_unchunk expects a Scattering from sc_propagate; got {type(S).__name__}")
    plan = S.chunks
    if plan is None:
        return S
    axis = len(S.batch_shape) - 1
    layers = []
    for layer in S:
        tensors = []
        for t in layer:
            data = unchunk_array(t.data, plan, axis)
            ranges = dict(t.ranges)
            first, step, _ = ranges["time"]
            ranges["time"] = (first, step, plan.length)
            tensors.append(Tensor(data, t.axes, dict(t.cell), ranges, t.matlab_ref, t.paths,
                                  valid=t.valid, route=t.route))
        layers.append(ScatteringLayer(layer.kind, layer.order, tensors, layer.paths))
    out = Scattering(S.kind, layers, tuple(S.batch_shape[:-1]), S.fs)
    return out
