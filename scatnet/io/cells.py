"""Convert scatnet results to scattering.m's nested MATLAB cells.

The cells are numpy object arrays, for :func:`scipy.io.savemat`.

MATLAB: the layer structs ``{data, ranges, keys}`` of ``S``/``U`` (spec §3.1): ``S{1+m}`` is a
struct whose ``data`` is a tensor or nested cells of tensors, or, in joint/spiral layers, a
``3 × 3 [× 3]`` routing cell of such structs (1 = ψ, 2 = φ, 3 = bypass per bank).

A MATLAB cell is an object ndarray: single-variable cell levels are ``n × 1`` (as the
toolbox's ``cell(nEnabled_gammas, 1)``), the spiral level over (γγ, jj) is ``n_γγ × n_jj``
(indexed linearly, column-major); empty cells hold ``[]`` (``zeros((0, 0))``).
"""
from collections import OrderedDict

import numpy as np

from scatnet.io.names import AXIS_KEYS, CELL_KEYS, parse_matlab_ref

__all__ = ["layer_to_matlab", "matlab_axes", "scattering_to_matlab", "tensor_to_matlab"]


def _empty_cell(shape):
    cell = np.empty(shape, dtype=object)
    for i in range(cell.size):
        cell.flat[i] = np.zeros((0, 0))
    return cell


def _text_cell(items):
    cell = np.empty((1, len(items)), dtype=object)
    for i, item in enumerate(items):
        cell[0, i] = item
    return cell


def matlab_axes(tensor, batched):
    """Name MATLAB's axes of a tensor, in order: time, [channel], then scatnet's axes reversed.

    Parameters
    ----------
    tensor : scatnet.scattering_m.result.Tensor
        A tensor of ``S`` or ``U``; its ``axes`` end with ``'time'``.
    batched : bool
        Whether the tensor carries a leading batch axis (MATLAB's ``channel``).

    Returns
    -------
    tuple of str
        The axis names of :func:`tensor_to_matlab`'s output, in order.
    """
    return ("time",) + (("channel",) if batched else ()) + tuple(reversed(tensor.axes[:-1]))


def tensor_to_matlab(data, batched):
    """Reorder a scatnet tensor ``([K,] *axes, time)`` as MATLAB's ``time × [K] × axes reversed``.

    MATLAB: the tensors of ``S{m}.data`` (column-major with time first).

    Parameters
    ----------
    data : ndarray
        ``Tensor.data``.
    batched : bool
        Whether the first axis is the batch (``K`` signals).

    Returns
    -------
    ndarray
        The same values in MATLAB's axis order; a 1-D array becomes an ``N × 1`` column.

    Examples
    --------
    >>> tensor_to_matlab(np.zeros((3, 5, 64)), batched=True).shape
    (64, 3, 5)
    """
    d = np.asarray(data)
    if batched:
        perm = (d.ndim - 1, 0) + tuple(range(d.ndim - 2, 0, -1))
    else:
        perm = (d.ndim - 1,) + tuple(range(d.ndim - 2, -1, -1))
    out = np.transpose(d, perm)
    return out[:, None] if out.ndim == 1 else out


def _ranges_matrix(tensor, batched, n_signals):
    cols = [tensor.ranges[a] if a != "channel" else (1, 1, n_signals)
            for a in matlab_axes(tensor, batched)]
    return np.array(cols, dtype=float).T


def _level_vars(entries, n_levels):
    names = list(entries[0][1].cell)
    if n_levels == 0:
        return []
    levels = [names[d:d + 1] for d in range(n_levels - 1)] + [names[n_levels - 1:]]
    if not 1 <= len(levels[-1]) <= 2:  # pragma: no cover - engine invariant
        raise ValueError(f"{entries[0][1].matlab_ref}: cannot map the cell variables {names} "
                         f"onto {n_levels} cell levels")
    return levels


def _shape(entries, depth, level_vars):
    n = max(idx[depth] for idx, _ in entries)
    names = level_vars[depth]
    if len(names) == 1:
        return (n, 1)
    n_first = len({t.cell[names[0]] for _, t in entries})
    return (n_first, -(-n // n_first))


def _nest(entries, depth, stop, level_vars, leaf):
    """Cells over the levels ``depth … stop − 1``; ``leaf(entries)`` below them."""
    if depth == stop:
        return leaf(entries)
    groups = OrderedDict()
    for idx, t in entries:
        groups.setdefault(idx[depth], []).append((idx, t))
    shape = _shape(entries, depth, level_vars)
    cell = _empty_cell(shape)
    for i, sub in groups.items():
        cell[np.unravel_index(i - 1, shape, order="F")] = _nest(sub, depth + 1, stop,
                                                               level_vars, leaf)
    return cell


def _var_ranges(entries, names):
    """``[first; step; last]`` of the cell variables ``names`` over ``entries``."""
    cols = []
    for name in names:
        values = sorted({t.cell[name] for _, t in entries})
        step = values[1] - values[0] if len(values) > 1 else 1
        cols.append((values[0], step, values[-1]))
    return np.array(cols, dtype=float).T


def _layer_struct(entries, batched, n_signals):
    """One layer struct from ``[(data_indices, tensor), …]`` sharing the same cell levels."""
    n_levels = len(entries[0][0])
    level_vars = _level_vars(entries, n_levels)
    first = entries[0][1]

    def leaf_data(es):
        return tensor_to_matlab(es[0][1].data, batched)

    def leaf_ranges(es):
        return _ranges_matrix(es[0][1], batched, n_signals)

    ranges = [_nest(entries, 0, n_levels, level_vars, leaf_ranges)]
    for depth in range(n_levels - 1, -1, -1):  # MATLAB ranges{1+ℓ}, ℓ = 1 innermost
        ranges.append(_nest(entries, 0, depth, level_vars,
                            lambda es, d=depth: _var_ranges(es, level_vars[d])))
    keys = [_text_cell([AXIS_KEYS[a] for a in matlab_axes(first, batched)])]
    keys += [_text_cell([CELL_KEYS[v] for v in level_vars[d]])
             for d in range(n_levels - 1, -1, -1)]
    return {"data": _nest(entries, 0, n_levels, level_vars, leaf_data),
            "ranges": _text_cell(ranges), "keys": _text_cell(keys)}


def layer_to_matlab(layer, batched, n_signals=1):
    """One layer (``S[m]`` or ``U[m]``) as MATLAB's ``S{m+1}``.

    A layer struct (dict), or a ``3 × … × 3`` routing cell of layer structs for joint/spiral
    layers.

    MATLAB: ``S{1+m}`` of ``[S, U] = sc_propagate(x, archs)``.

    Parameters
    ----------
    layer : scatnet.scattering_m.result.ScatteringLayer
        The layer to convert.
    batched : bool
        Whether the tensors carry a leading batch axis.
    n_signals : int
        ``K``, for the ``channel`` range ``[1; 1; K]``.

    Returns
    -------
    dict or ndarray of object
        ``{'data', 'ranges', 'keys'}``, or the routing cell; ``zeros((0, 0))`` for a layer
        without tensors.
    """
    if len(layer) == 0:
        return np.zeros((0, 0))
    entries = [(parse_matlab_ref(t.matlab_ref), t) for t in layer]
    routes = OrderedDict()
    for (_, route, idx), t in entries:
        routes.setdefault(route, []).append((idx, t))
    if list(routes) == [None]:
        return _layer_struct(routes[None], batched, n_signals)
    shape = (3,) * len(entries[0][1].route)
    cell = _empty_cell(shape)
    for route, group in routes.items():
        subs = np.unravel_index(route - 1, shape, order="F")
        if tuple(int(s) + 1 for s in subs) != tuple(group[0][1].route):  # pragma: no cover
            raise ValueError(f"{group[0][1].matlab_ref}: routing index {route} does not match "
                             f"the route {group[0][1].route}")
        cell[subs] = _layer_struct(group, batched, n_signals)
    return cell


def scattering_to_matlab(result):
    """``S`` or ``U`` (:class:`scatnet.scattering_m.result.Scattering`) as MATLAB's ``1 × (M+1)`` cell.

    MATLAB: ``S`` / ``U`` of ``[S, U] = sc_propagate(x, archs)``.

    Parameters
    ----------
    result : scatnet.scattering_m.result.Scattering
        ``S`` or ``U`` from :func:`scatnet.sc_propagate`.

    Returns
    -------
    ndarray of object, shape (1, M + 1)
        ``out[0, m]`` is :func:`layer_to_matlab` of ``result[m]``.
    """
    batched = len(result.batch_shape) > 0
    n_signals = int(np.prod(result.batch_shape)) if batched else 1
    cell = _empty_cell((1, len(result)))
    for m, layer in enumerate(result):
        cell[0, m] = layer_to_matlab(layer, batched, n_signals)
    return cell
