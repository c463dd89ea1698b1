"""``initialize_U``: the signal as the input layer ``U[0]`` of the cascade (spec §3.2, §3.9).

MATLAB: scattering.m ``lib/forward/initialize_U.m``.
"""
import numpy as np

from ..._core.validation import check_signal
from ..._errors import InputTypeError
from ..architecture import ArchLayer
from ..chunking import ChunkPlan, chunk_rows
from ._layers import from_groups, resolve

__all__ = ["initialize_U"]


def initialize_U(signal, archs):
    """Make the input layer ``U[0]`` of the cascade from one or several signals.

    MATLAB: ``U{1} = initialize_U(signal, archs{1}.banks{1})`` (``lib/forward/initialize_U.m``).

    The rows are what :func:`scatnet.sc_propagate` scatters: the signal itself (``size``
    samples), a shorter non-chunked signal padded to ``size`` as
    ``opts[0]['time']['padding']`` says, or, with ``is_chunked``, the windowed chunks
    ``x[k·hop − M … k·hop − M + size − 1]·w`` (margin ``M = min(size/4, 4·max T)``, hop
    ``size − 2M``; :mod:`scatnet.scattering_m.chunking`).

    Parameters
    ----------
    signal : array_like, shape (N,) or (K, N)
        Real signal(s), time last, float64 or float32 (the precision of every later layer).
    archs : Architecture or ArchLayer
        From :func:`scatnet.sc_setup`, or its first layer ``archs[0]`` (MATLAB ``archs{1}``).

    Returns
    -------
    ScatteringLayer
        ``U[0]``: one tensor ``U{1}.data`` of shape ``(size,)``, ``(K, size)`` or, for more
        than one chunk, ``(K, n_chunks, size)`` (or ``(n_chunks, size)`` for a 1-D signal;
        ``chunks`` then holds the chunk geometry). Like MATLAB's U, the layers keep the
        chunk axis: :func:`scatnet.sc_unchunk` applies to the S of a whole cascade.

    Raises
    ------
    InputError, InputTypeError
        ``archs`` is not an architecture or its first layer; the signal has a wrong rank,
        dtype or value, or is longer than ``size`` without chunking.

    See Also
    --------
    U_to_Y, Y_to_U, Y_to_S : The next steps of the cascade.

    Notes
    -----
    MATLAB takes signals as columns (``N × K``) and keeps them that way; scatnet takes rows
    (time last), as :func:`scatnet.sc_propagate` does. A non-chunked signal shorter than
    ``size`` is padded here (MATLAB requires exactly ``size`` samples), and the later layers
    keep all the frames of the padded rows (:func:`scatnet.sc_propagate` cuts them back).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, initialize_U
    >>> archs = sc_setup([{'time': {'size': 1024, 'T': 128, 'is_chunked': False}}])
    >>> U0 = initialize_U(np.ones(1024), archs)
    >>> U0[0].matlab_ref, U0[0].data.shape
    ('U{1}.data', (1024,))
    """
    if isinstance(archs, ArchLayer):
        archs, m = resolve(archs, None, "initialize_U")
        if m != 0:
            raise InputTypeError(f"initialize_U: archs[{m}] was given; the input layer is set up by "
                                 "the first layer, archs[0] (MATLAB archs{1}), or pass archs")
    else:
        archs = resolve(archs, 0, "initialize_U")[0]
    inp = archs.plan.input
    xb, batch_shape = check_signal(signal, None if inp.is_chunked else archs.size)
    chunks = ChunkPlan.for_options(archs.plan, xb.shape[1])
    n_rows = xb.shape[0] * chunks.n_chunks
    rows = chunk_rows(xb, chunks, 0, n_rows, chunks.window())
    kept = None
    if not chunks.single:
        batch_shape, kept = tuple(batch_shape) + (chunks.n_chunks,), chunks
    return from_groups("U", archs, 0, [np.ascontiguousarray(rows)[:, None, :]], batch_shape, kept)

