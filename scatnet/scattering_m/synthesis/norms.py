"""``sc_norm`` and ``sc_substract``: distances between scattering representations.

MATLAB: scattering.m ``lib/export/sc_norm.m`` (the one on the path: ``export/`` shadows
``reconstruction/sc_norm.m``, spec §4) and ``lib/reconstruction/sc_substract.m``.
"""
import numpy as np

from ..._errors import InputError
from ..format import _orders
from ..result import Scattering, ScatteringLayer, Tensor

__all__ = ["sc_norm", "sc_substract"]


def _check_S(S, who, name="S"):
    if not isinstance(S, Scattering) or S.kind != "S":
        got = (f"a Scattering of kind {S.kind!r}" if isinstance(S, Scattering)
               else type(S).__name__)
        raise InputError(f"{who}: {name} must be the S returned by sc_propagate (a Scattering "
                         f"of kind 'S'); got {got}")


def sc_norm(S, *, layers=None):
    """Norm of a scattering representation, per layer and in total (the loss of ``sc_reconstruct``).

    MATLAB: ``[total, layer_norms] = sc_norm(S)`` (``export/sc_norm.m``).

    With ``F_m`` the formatted, unpadded layer m (features × frames, as :func:`scatnet.sc_format`)
    and ``n_m`` its number of frames::

        norm_0 = ½ ‖S_0‖₂
        norm_m = 2**-m · Σ_t ‖F_m[:, t]‖₂ / √n_m        (m ≥ 1)
        total  = Σ_m norm_m

    Parameters
    ----------
    S : Scattering
        An S (or a difference of two, :func:`sc_substract`).
    layers : int or sequence of int, optional
        Orders to include (0-based); default all (MATLAB ``1:numel(S)``). Orders left out
        count 0.

    Returns
    -------
    total : float or ndarray, shape batch_shape
        The sum of the layer norms, per signal (per chunk for a kept chunk axis).
    layer_norms : ndarray, shape ``(*batch_shape, len(S))``
        ``norm_m`` for each order.

    Raises
    ------
    InputError
        ``S`` is not an S result, or ``layers`` names an order ``S`` does not have.

    Notes
    -----
    The original treats the K channels of a batch as one multichannel signal (``norm`` of the
    time × K matrix of S0, channels as features); scatnet gives one norm per signal
    (``doc/differences.md``). ``n_m`` is the frame count of each layer (the original uses that
    of the formatted matrix, which must then be the same for all layers).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, sc_norm, default_auditory
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> total, per_layer = sc_norm(sc_propagate(np.ones(1024), archs))
    >>> per_layer.shape, bool(np.isclose(total, per_layer.sum()))
    ((3,), True)
    """
    _check_S(S, "sc_norm")
    orders = _orders(list(range(len(S))) if layers is None else layers, len(S))
    batch = tuple(S.batch_shape)
    norms = np.zeros(batch + (len(S),))
    for m in orders:
        if m == 0:
            d = np.asarray(S[0][0].data)
            norms[..., 0] = 0.5 * np.sqrt(np.sum(np.abs(d) ** 2, axis=-1))
            continue
        blocks = []
        for t in S[m]:
            d = np.asarray(t.unpadded())
            blocks.append(d.reshape(batch + (-1, d.shape[-1])))
        if not blocks:
            continue
        F = np.concatenate(blocks, axis=-2)
        per_frame = np.sqrt(np.sum(np.abs(F) ** 2, axis=-2))
        norms[..., m] = per_frame.sum(axis=-1) / np.sqrt(F.shape[-1]) * 2.0 ** -m
    total = norms.sum(axis=-1)
    return (float(total) if total.ndim == 0 else total), norms


def sc_substract(S_minuend, S_subtrahend):
    """Difference of two scattering representations, layer by layer and tensor by tensor.

    MATLAB: ``dS = sc_substract(S_minuend, S_subtrahend)`` (the spelling is the original's).

    ``dS_m = S_minuend_m − S_subtrahend_m`` over the frames both have (the intersection of the
    time ranges: the first ``min`` frames, as both start at sample 1 with the same hop).

    Parameters
    ----------
    S_minuend, S_subtrahend : Scattering
        Two S of the same architecture; their batch shapes broadcast (e.g. one target against
        a batch).

    Returns
    -------
    Scattering
        The difference, laid out as the minuend (kind ``'S'``).

    Raises
    ------
    InputError
        Either is not an S result, or their layers, tensors or non-time axes differ (not the
        same architecture), or their batch shapes do not broadcast.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, sc_substract, default_auditory
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> S = sc_propagate(np.ones(1024), archs)
    >>> float(np.abs(sc_substract(S, S)[1][0].data).max())
    0.0
    """
    _check_S(S_minuend, "sc_substract", "S_minuend")
    _check_S(S_subtrahend, "sc_substract", "S_subtrahend")
    a_batch, b_batch = tuple(S_minuend.batch_shape), tuple(S_subtrahend.batch_shape)
    try:
        batch = np.broadcast_shapes(a_batch, b_batch)
    except ValueError:
        raise InputError(f"sc_substract: batch shapes {a_batch} and {b_batch} do not broadcast; "
                         "pass S of the same signals, or one S against a batch") from None
    if len(S_minuend) != len(S_subtrahend) or any(
            len(a) != len(b) for a, b in zip(S_minuend, S_subtrahend)):
        raise InputError(f"sc_substract: the layers differ ({[len(a) for a in S_minuend]} and "
                         f"{[len(b) for b in S_subtrahend]} tensors per order): pass two S of "
                         "the same architecture")
    layers = []
    for la, lb in zip(S_minuend, S_subtrahend):
        tensors = []
        for ta, tb in zip(la, lb):
            da, db = np.asarray(ta.data), np.asarray(tb.data)
            axes_a, axes_b = da.shape[len(a_batch):-1], db.shape[len(b_batch):-1]
            if axes_a != axes_b or ta.cell != tb.cell:
                raise InputError(f"sc_substract: {ta.matlab_ref} has axes {axes_a} and cell "
                                 f"{ta.cell} in the minuend, {axes_b} and {tb.cell} in the "
                                 "subtrahend: pass two S of the same architecture")
            n = min(da.shape[-1], db.shape[-1])
            ranges = dict(ta.ranges)
            first, step, last = ranges["time"]
            ranges["time"] = (first, step, min(last, tb.ranges["time"][2]))
            tensors.append(Tensor(da[..., :n] - db[..., :n], ta.axes, dict(ta.cell), ranges,
                                  ta.matlab_ref, ta.paths, valid=ta.valid, route=ta.route))
        layers.append(ScatteringLayer("S", la.order, tensors, la.paths))
    out = Scattering("S", layers, tuple(batch), S_minuend.fs)
    out.chunks = S_minuend.chunks
    return out
