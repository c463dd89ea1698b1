"""Between one layer (a :class:`ScatteringLayer`) and the engine's group arrays of that layer.

The layer-wise functions work on one layer at a time but compute on the execution plan's row
arrays ``(B, rows, length)``, one per group (:mod:`scatnet._core.plan`). The map between the two
is the one back-propagation uses (:func:`scatnet.scattering_m.synthesis.layout._codes`: made by
running :func:`~scatnet.scattering_m.result.build_layers` on row codes), and the way back is
``build_layers`` itself, so the layout cannot drift from :func:`scatnet.sc_propagate`'s.
"""
import numbers

import numpy as np

from ..._errors import InputError, InputTypeError
from ..architecture import Architecture, ArchLayer, check_archs
from ..result import ScatteringLayer, build_layers
from ..synthesis.layout import _codes


def _parent(layer, who):
    """The :class:`Architecture` holding the layer object ``layer`` (MATLAB's ``archs{m}``)."""
    parent = layer.owner
    if isinstance(parent, Architecture) and any(item is layer for item in parent):
        return parent
    raise InputTypeError(f"{who}: this archs[m] belongs to no architecture; pass the architecture "
                         f"and the layer index instead, e.g. {who}(…, archs, m)")


def resolve(archs, m, who, *, inferred=None, what="the layer"):
    """Resolve ``(archs, m)`` or ``archs[m]`` into the architecture and the 0-based layer index.

    Parameters
    ----------
    archs : Architecture or ArchLayer
        ``archs`` from :func:`scatnet.sc_setup`, or one of its layers ``archs[m]``.
    m : int or None
        The 0-based layer (MATLAB ``archs{m+1}``); None: ``inferred``.
    who : str
        The public function, for messages.
    inferred : int, optional
        The index implied by the data (e.g. the order of ``U_m``), used when ``m`` is None and
        checked against ``m`` otherwise.
    what : str
        How to name the data in messages.

    Returns
    -------
    archs : Architecture
        The architecture.
    m : int
        The layer, ``0 <= m < len(archs)``.

    Raises
    ------
    InputTypeError
        ``archs`` is neither; ``m`` is not an integer.
    InputError
        ``m`` is out of range or contradicts ``inferred`` or the layer object.
    """
    if isinstance(archs, ArchLayer):
        parent = _parent(archs, who)
        index = next(i for i, item in enumerate(parent) if item is archs)
        if m is not None and m != index:
            raise InputError(f"{who}: archs[{index}] was given with m={m!r}: pass either the layer "
                             f"object archs[m] or the architecture and m, not both")
        archs, m = parent, index
    else:
        archs = check_archs(archs, who)
    if m is None:
        if inferred is None:
            raise InputError(f"{who}: give the 0-based layer index m (MATLAB archs{{m+1}})")
        m = inferred
    if isinstance(m, bool) or not isinstance(m, numbers.Integral):
        raise InputTypeError(f"{who}: m={m!r} must be an integer, the 0-based layer (MATLAB "
                             "archs{m+1} is archs[m])")
    m = int(m)
    if not 0 <= m < len(archs):
        raise InputError(f"{who}: m={m} is not a layer of this architecture: it has layers 0 … "
                         f"{len(archs) - 1} (archs[m] is MATLAB archs{{m+1}})")
    if inferred is not None and inferred != m:
        raise InputError(f"{who}: {what} belongs to layer {inferred} but m={m}: pass the data of "
                         f"layer {m}, or m={inferred}")
    return archs, m


def check_layer(layer, kind, who, name):
    """Check that ``layer`` is one layer of kind ``kind`` (a :class:`ScatteringLayer`).

    Parameters
    ----------
    layer : object
        What the user passed.
    kind : {'S', 'U', 'Y'}
        The kind expected.
    who : str
        The public function, for messages.
    name : str
        The argument's name, for messages.

    Returns
    -------
    ScatteringLayer
        ``layer``.

    Raises
    ------
    InputTypeError
        ``layer`` is not a :class:`ScatteringLayer` of kind ``kind`` (a whole result, e.g.
        ``U`` instead of ``U[m]``, says so).
    """
    if isinstance(layer, ScatteringLayer) and layer.kind == kind:
        return layer
    if isinstance(layer, ScatteringLayer):
        got = f"the {layer.kind} layer {layer.kind}[{layer.order}]"
    elif isinstance(layer, list) and layer and isinstance(layer[0], ScatteringLayer):
        got = f"a whole {layer[0].kind} (a list of layers): index it, e.g. {layer[0].kind}[m]"
    else:
        got = type(layer).__name__
    raise InputTypeError(f"{who}: {name} must be one {kind} layer (a ScatteringLayer of kind "
                         f"{kind!r}, e.g. {kind}[m]); got {got}")


def to_groups(layer, archs, m, who):
    """Gather the tensors of one U, Y or S layer into the plan's arrays of that layer.

    Parameters
    ----------
    layer : ScatteringLayer
        ``U[m]``, ``Y[m]`` (order m) or ``S[m]``, from :func:`scatnet.sc_propagate` or the
        layer-wise functions, possibly edited in place.
    archs : Architecture
        The architecture.
    m : int
        The order of ``layer``.
    who : str
        The public function, for messages.

    Returns
    -------
    arrays : list of ndarray, shape (B, R, length)
        One array per group of the layer (``walk.layers[m].groups``; S: its one blur output
        group), new arrays.
    batch_shape : tuple of int
        The batch axes of the tensors (``()`` for one signal).

    Raises
    ------
    InputError
        The layer has another number of tensors than the plan, tensors with other batch
        axes, or time axes that are not the plan's rows (cut or unchunked outputs).
    """
    walk = archs.walk()
    lw = walk.layers[m]
    codes = _codes(walk, archs, layer.kind)[m]
    groups = lw.blur.out_groups if layer.kind == "S" else lw.groups
    if len(layer) != len(codes):
        raise InputError(f"{who}: {layer.kind}[{m}] has {len(layer)} tensors but layer {m} of the "
                         f"architecture makes {len(codes)}: pass a layer computed with the same archs")
    if not len(layer):
        return [], ()
    batch_shape = None
    arrays = None
    for t, (gi, rows) in zip(layer, codes):
        data = np.asarray(t.data)
        batch = data.shape[:data.ndim - len(t.axes)]
        if batch_shape is None:
            batch_shape = batch
            B = int(np.prod(batch, dtype=np.int64))
            dtype = np.result_type(*[np.asarray(u.data).dtype for u in layer])
            arrays = [np.zeros((B, len(g.rows), g.length), dtype) for g in groups]
        if batch != batch_shape:
            raise InputError(f"{who}: {t.matlab_ref} has batch axes {batch} but the layer's first "
                             f"tensor has {batch_shape}: every tensor of a layer holds the same signals")
        length = groups[int(gi[0])].length
        if data.shape[-1] != length or data[..., 0].size != B * len(rows):
            raise InputError(
                f"{who}: {t.matlab_ref} has shape {data.shape} where the architecture's rows are "
                f"{len(rows)} × {length} samples per signal: the outputs were edited to another "
                "shape, cut (signals shorter than opts[0]['time']['size']) or unchunked. The "
                "layer-wise functions need whole rows: layers from initialize_U/U_to_Y/Y_to_U, or "
                "from sc_propagate on signals of exactly size samples (chunked options: "
                "opts[0]['time']['is_unchunked'] = False)")
        flat = data.reshape(B, len(rows), length)
        for g in np.unique(gi):
            sel = gi == g
            arrays[int(g)][:, rows[sel]] = flat[:, sel]
    return arrays, tuple(batch_shape)


def s_group(walk, m):
    """The group of the rows of ``S_m``: the blur's output, or the custom invariants' group.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.
    m : int
        The layer.

    Returns
    -------
    scatnet._core.plan.Group
        Its ``rows`` are the rows of ``S_m``.
    """
    post = walk.extra.get("invariants")
    if post and post[m] is not None:  # summed / max-pooled invariants (scattering_m.invariants)
        return post[m].group
    return walk.layers[m].blur.out_groups[0]


def from_groups(kind, archs, m, arrays, batch_shape, chunks=None):
    """Wrap the arrays of one layer into a :class:`ScatteringLayer` laid out as sc_propagate's.

    Parameters
    ----------
    kind : {'S', 'U', 'Y'}
        The kind of the layer.
    archs : Architecture
        The architecture.
    m : int
        The order of the layer (Y: at least 1).
    arrays : list of ndarray, shape (B, R, length)
        One array per group of ``walk.layers[m]`` (S: one array, the blur output).
    batch_shape : tuple of int
        ``()`` for one signal, ``(K,)``, or ``(K, n_chunks)`` (B is their product).
    chunks : scatnet.scattering_m.chunking.ChunkPlan, optional
        Set on the layer when the batch keeps a chunk axis.

    Returns
    -------
    ScatteringLayer
        The layer; its tensors are views of ``arrays``.
    """
    walk = archs.walk()
    B = int(np.prod(batch_shape, dtype=np.int64))
    dtype = arrays[0].dtype if arrays else float
    all_arrays = []
    for order, lw in enumerate(walk.layers):
        if kind == "Y" and order == 0:
            continue
        if order == m:
            all_arrays.append(arrays[0] if kind == "S" else arrays)
        elif kind == "S":
            all_arrays.append(np.empty((B, len(s_group(walk, order).rows), 0), dtype))
        else:
            all_arrays.append([np.empty((B, len(g.rows), 0), dtype) for g in lw.groups])
    layer = build_layers(kind, walk, archs, all_arrays, tuple(batch_shape), None)[m]
    layer.chunks = chunks
    return layer
