"""Between :class:`~scatnet.scattering_m.result.Scattering` results and the engine's row arrays.

:func:`scatnet.sc_propagate` wraps the per-group arrays ``(B, rows, length)`` of the execution
plan into tensors (:func:`scatnet.scattering_m.result.build_layers`). Back-propagation needs the
way back. The map is found by running ``build_layers`` itself on arrays of row codes (one
"sample" per row), so it cannot drift from the forward layout (STYLE G5).
"""
import numpy as np

from ..._errors import InputError
from ..result import Scattering, build_layers

_SHIFT = 2 ** 24  #: code = group index · _SHIFT + row in the group


def _codes(walk, archs, kind):
    """Per layer and tensor, the (group, row) of each row of the tensor (cached on the plan)."""
    cache = walk.extra.setdefault("synthesis", {})
    key = ("codes", kind)
    if key in cache:
        return cache[key]
    arrays = []
    for m, lw in enumerate(walk.layers):
        if kind == "S":
            n = len(lw.blur.out_groups[0].rows) if lw.blur.out_groups else 0
            arrays.append(np.arange(n, dtype=float).reshape(1, n, 1))
        elif kind == "U" or m >= 1:
            arrays.append([(gi * _SHIFT + np.arange(len(g.rows), dtype=float)).reshape(1, -1, 1)
                           for gi, g in enumerate(lw.groups)])
    layers = build_layers(kind, walk, archs, arrays, (1,), None)
    out = []
    for layer in layers:
        per_tensor = []
        for t in layer:
            code = np.asarray(t.data).reshape(-1).astype(np.int64)
            per_tensor.append((code // _SHIFT, code % _SHIFT))
        out.append(per_tensor)
    cache[key] = out
    return out


def to_rows(result, walk, archs, kind, who):
    """Unwrap a result of ``kind`` into the engine's arrays, per layer and group.

    Parameters
    ----------
    result : Scattering
        ``S`` (or a difference of S), ``U`` or ``Y``, for the architecture ``archs``.
    walk : scatnet._core.plan.Plan
        Its execution plan.
    archs : Architecture
        The architecture.
    kind : {'S', 'U', 'Y'}
        The kind expected.
    who : str
        The public function, for messages.

    Returns
    -------
    list
        For S: per layer one array ``(B, R, frames)`` (None for a layer without S). For U and
        Y: per layer a list of arrays ``(B, R, length)``, one per group (Y: None at layer 0).
        ``B`` is the product of ``result.batch_shape`` (1 for one signal).

    Raises
    ------
    InputError
        If the result has another kind, another number of layers or tensors, or tensors whose
        time axis is not the full length of the plan's rows (outputs cut or unchunked).
    """
    if not isinstance(result, Scattering) or result.kind != kind:
        got = (f"a Scattering of kind {result.kind!r}" if isinstance(result, Scattering)
               else type(result).__name__)
        raise InputError(f"{who}: expected the {kind} returned by sc_propagate (a Scattering of "
                         f"kind {kind!r}); got {got}")
    codes = _codes(walk, archs, kind)
    if len(result) != len(codes) or any(len(a) != len(b) for a, b in zip(result, codes)):
        raise InputError(f"{who}: {kind} has {[len(layer) for layer in result]} tensors per "
                         f"layer, but the architecture makes {[len(c) for c in codes]}: pass "
                         "the results of sc_propagate(x, archs) with the same archs")
    B = int(np.prod(result.batch_shape, dtype=np.int64))
    out = []
    for m, (layer, layer_codes) in enumerate(zip(result, codes)):
        lw = walk.layers[m]
        if kind == "S":
            if not lw.blur.out_groups:
                out.append(None)
                continue
            groups = lw.blur.out_groups
        elif kind == "Y" and m == 0:
            out.append(None)
            continue
        else:
            groups = lw.groups
        dtype = np.result_type(*[np.asarray(t.data).dtype for t in layer]) if len(layer) else float
        arrays = [np.zeros((B, len(g.rows), g.length), dtype) for g in groups]
        for t, (gi, rows) in zip(layer, layer_codes):
            data = np.asarray(t.data)
            frames = data.shape[-1]
            g0 = int(gi[0]) if len(gi) else 0
            if frames != groups[g0].length:
                raise InputError(
                    f"{who}: {t.matlab_ref} has {frames} frames where the architecture's rows "
                    f"have {groups[g0].length}: the outputs were cut or unchunked. Back-"
                    "propagation needs whole rows: signals of exactly opts[0]['time']['size'] "
                    "samples, or, for chunked options, opts[0]['time']['is_unchunked'] = False "
                    "(S, U and Y then keep their chunk axis)")
            flat = data.reshape(B, len(rows), frames)
            for g in np.unique(gi):
                sel = gi == g
                arrays[int(g)][:, rows[sel]] = flat[:, sel]
        out.append(arrays[0] if kind == "S" else arrays)
    return out


def from_rows(arrays, walk, archs, kind, like):
    """Wrap per-group arrays into a :class:`Scattering` laid out as ``like``.

    Parameters
    ----------
    arrays : list
        Per layer, a list of arrays ``(B, R, length)`` per group (for Y, from layer 1 on).
    walk : scatnet._core.plan.Plan
        The execution plan.
    archs : Architecture
        The architecture.
    kind : {'U', 'Y'}
        The kind of the result.
    like : Scattering
        The result whose batch shape, sample rate and chunks are copied.

    Returns
    -------
    Scattering
        The wrapped result.
    """
    out = build_layers(kind, walk, archs, arrays, tuple(like.batch_shape), like.fs,
                       length=_length(like, walk))
    out.chunks = like.chunks
    return out


def _length(like, walk):
    """The signal length of a result (the last index of its time ranges)."""
    for layer in like:
        for t in layer:
            return int(t.ranges["time"][2])
    return walk.size


def kept_rows(walk, archs):
    """Per layer, the rows of S that :func:`scatnet.sc_format` keeps (padded γ/octave rows cut).

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.
    archs : Architecture
        The architecture.

    Returns
    -------
    list of ndarray, int64
        Per layer, indices into its S rows (every row for plain layers).
    """
    cache = walk.extra.setdefault("synthesis", {})
    if "kept" not in cache:
        arrays = [np.arange(len(lw.blur.out_groups[0].rows) if lw.blur.out_groups else 0,
                            dtype=float).reshape(1, -1, 1) for lw in walk.layers]
        layers = build_layers("S", walk, archs, arrays, (1,), None)
        cache["kept"] = [np.concatenate([np.asarray(t.unpadded()).reshape(-1) for t in layer]
                                        ).astype(np.int64) if len(layer) else np.zeros(0, np.int64)
                         for layer in layers]
    return cache["kept"]
