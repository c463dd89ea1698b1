"""``sc_backpropagate``: the gradient of ``⟨S(x), dS⟩`` with respect to the signal (exact adjoint).

MATLAB: scattering.m ``lib/backward/sc_backpropagate.m`` (spec §4).
"""
import numpy as np

from ..._core.run import n_threads
from ..._errors import InputError
from ..architecture import check_archs
from .cascade import backward_rows, check_walk
from .chunks import chunk_adjoint
from .layout import from_rows, to_rows

__all__ = ["sc_backpropagate"]


def sc_backpropagate(dS, U, Y, archs, *, return_dU=False, return_dY=False, n_jobs=None):
    """Back-propagate a gradient on S down to the signal: ``∇_x ⟨S(x), dS⟩``.

    MATLAB: ``[dsignal, dU, dY] = sc_backpropagate(dS, U, Y, archs)``.

    With ``S_m = φ_m ⋆ U_m``, ``Y_{m+1} = ψ ⋆ U_m`` (and, in joint/spiral layers, the filtering
    along γ1 and octaves), ``U_{m+1} = |Y_{m+1}|``, the cascade runs from the last layer down::

        dY_{m+1} = dU_{m+1} · Y_{m+1} / |Y_{m+1}|        (0 where |Y| = 0)
        dU_m     = blur_m^H dS_m + scatter_m^H dY_{m+1}

    where ``blur^H`` and ``scatter^H`` are the exact adjoints of the spectral multiply and
    resample of each filter (spec §3.3, Nyquist rules included): FFT of the gradient, multiply
    by ``conj(φ̂)`` or ``conj(ψ̂)`` on the filter's bins, scale ``L/M``, inverse real FFT. The
    result is the gradient of ``x ↦ Σ_m ⟨S_m(x), dS_m⟩`` at the ``x`` that made ``U`` and ``Y``.

    Parameters
    ----------
    dS : Scattering
        Gradient with respect to S, laid out as S (e.g. ``sc_substract(target_S, S)``).
    U : Scattering or None
        The ``U`` of ``sc_propagate(x, archs, return_U=True)`` (its modulus is divided by);
        None: ``|Y|``.
    Y : Scattering
        The ``Y`` of ``sc_propagate(x, archs, return_Y=True)``.
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    return_dU, return_dY : bool
        Also return the gradients with respect to U (real) and Y (complex), laid out as U and Y.
    n_jobs : int, optional
        Threads (as in :func:`scatnet.sc_propagate`).

    Returns
    -------
    dsignal : ndarray, shape (N,) or (K, N)
        The gradient with respect to the signal(s), of the dtype of ``dS``.
    dU, dY : Scattering
        Only if requested; returned as ``(dsignal, dU)``, ``(dsignal, dY)`` or
        ``(dsignal, dU, dY)``.

    Raises
    ------
    InputError, InputTypeError
        Checked before any computation: ``dS``, ``U`` or ``Y`` not of the right kind or not
        from ``archs``; outputs cut to a shorter signal or unchunked (chunked options need
        ``opts[0]['time']['is_unchunked'] = False``, so that U and Y keep every chunk);
        batch shapes that differ; NaN or Inf in ``dS``.
    OptionError
        A custom nonlinearity (a function handle) in ``archs``.

    Notes
    -----
    The original needs ``has_duals`` on every bank and computes a scaled pseudo-gradient (dual
    filters, a different Nyquist convention, no ``L/M`` factor, and ``eps`` added to ``|Y|``);
    scatnet accepts ``has_duals``/``duality`` and computes the exact adjoint whatever they
    say (``doc/differences.md``). Third-order and joint/spiral layers, which the original
    cannot back-propagate, are supported. Cost: about the forward's.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, sc_backpropagate, default_auditory
    >>> archs = sc_setup([default_auditory(1024, 1024, 4), {'time': {}}])
    >>> x = np.random.default_rng(0).standard_normal(1024)
    >>> S, U, Y = sc_propagate(x, archs, return_U=True, return_Y=True)
    >>> g = sc_backpropagate(S, U, Y, archs)    # ∇ ½‖S(x)‖² = J^T S
    >>> g.shape
    (1024,)
    """
    archs = check_archs(archs, "sc_backpropagate")
    n_jobs = n_threads(n_jobs)
    walk = archs.walk()
    check_walk(walk, "sc_backpropagate")
    Y_rows = to_rows(Y, walk, archs, "Y", "sc_backpropagate")
    dS_rows = to_rows(dS, walk, archs, "S", "sc_backpropagate")
    U_rows = None if U is None else to_rows(U, walk, archs, "U", "sc_backpropagate")
    others = [("dS", dS)] + ([("U", U)] if U is not None else [])
    for name, r in others:
        if tuple(r.batch_shape) != tuple(Y.batch_shape):
            raise InputError(f"sc_backpropagate: {name} has batch shape {tuple(r.batch_shape)} "
                             f"but Y has {tuple(Y.batch_shape)}: pass results of one "
                             "sc_propagate call (and dS laid out as its S)")
    chunks = Y.chunks
    if chunks is None and archs.plan.input.is_chunked:
        raise InputError("sc_backpropagate: archs chunks its signals (opts[0]['time']"
                         "['is_chunked'] = True) but Y was unchunked, which drops the chunk "
                         "margins the gradient needs: set opts[0]['time']['is_unchunked'] = "
                         "False (S, U and Y keep their chunk axis), or is_chunked = False")
    for m, a in enumerate(dS_rows):
        if a is not None and not np.all(np.isfinite(a)):
            raise InputError(f"sc_backpropagate: dS[{m}] holds NaN or Inf; pass finite values")
    complex_dtype = np.result_type(*[g.dtype for groups in Y_rows if groups for g in groups],
                                   np.complex64)
    real_dtype = np.finfo(complex_dtype).dtype
    dS_rows = [None if a is None else a.astype(real_dtype, copy=False) for a in dS_rows]
    grad, dUs, dYs = backward_rows(walk, dS_rows, U_rows, Y_rows, complex_dtype, n_jobs,
                                   keep=True)
    batch = tuple(Y.batch_shape)
    if chunks is not None:
        K = int(np.prod(batch[:-1], dtype=np.int64))
        grad = chunk_adjoint(grad, chunks, K).reshape(batch[:-1] + (chunks.length,))
    else:
        grad = grad.reshape(batch + (walk.size,))
    out = [grad]
    if return_dU:
        out.append(from_rows(dUs, walk, archs, "U", U if U is not None else Y))
    if return_dY:
        out.append(from_rows(dYs[1:], walk, archs, "Y", Y))
    return out[0] if len(out) == 1 else tuple(out)
