"""``scat``: ScatNet's scattering transform of one or several signals, on the shared engine.

MATLAB: ``core/scat.m`` (with ``wavelet_layer_1d``, ``wavelet_1d``, ``modulus_layer``).
"""
import warnings

import numpy as np

from .. import kernels
from .._core.run import check_memory_budget, n_threads, run_blocks
from .._core.sinks import RowSink
from .._core.validation import check_signal
from .._errors import InputError, ScatnetWarning
from .layers import ScatLayer, ScatResult

__all__ = ["scat"]


def _input_rows(xb, group, real_dtype):
    """The input signals zero-filled to the FFT length, padded as ``pad_signal`` does."""
    def rows(r0, r1):
        out = np.empty((r1 - r0, group.length), dtype=real_dtype)
        out[:, :group.valid] = xb[r0:r1]
        kernels.pad_rows.serial(out, group.valid, group.pad)
        return out
    return rows


def scat(x, Wop, *, return_U=False, n_jobs=None, memory_budget=None):
    """Scattering transform of ``x`` with ScatNet's operators ``Wop``.

    MATLAB: ``[S, U] = scat(x, Wop)`` (``core/scat.m``).

    ``U{1} = x``; for m = 0 … M: ``S{m+1} = U{m+1} ⋆ φ`` and, for m < M,
    ``U{m+2} = |U{m+1} ⋆ ψ_λ|`` over the wavelets λ with ``ξ_λ < bandwidth(parent)·2**path_margin``.
    Each convolution multiplies in Fourier at the input's length ``N_f/2**j0`` (after
    ``boundary`` padding), folds the spectrum ``2**ds`` times, inverts it and divides by
    ``2**(ds/2)`` (``conv_sub_1d``); outputs keep ``1 + floor((n − 1)/2**(j0+ds))`` samples.

    Parameters
    ----------
    x : array_like, shape (n,) or (K, n)
        Real signal(s), time last (MATLAB's ``n × 1 × K``), float64 (default) or float32, with
        ``n`` at most ``Wop.size_filter``. Filters of ``precision='single'`` run in float32.
    Wop : WaveletOperators
        From :func:`scatnet.wavelet_factory_1d`.
    return_U : bool
        Also return the scalograms ``U`` (``U{1}`` is the input).
    n_jobs : int, optional
        Threads for FFTs and kernels (default None or −1: all cores; −2: all but one).
        Results do not depend on it.
    memory_budget : int, optional
        Bound on the bytes of work arrays (default 128 MiB, or the least the plan needs); see
        :func:`scatnet.sc_propagate`.

    Returns
    -------
    S : ScatResult
        ``S[m]`` is ``S{m+1}``: ``S[m].signal[p]`` has shape ``(frames,)`` or ``(K, frames)``,
        ``S[m].meta`` holds ``j`` (0-based), ``bandwidth`` and ``resolution``.
    U : ScatResult
        Only with ``return_U``; returned as ``(S, U)``.

    Raises
    ------
    InputError, InputTypeError
        Wrong rank or dtype, a ragged list, NaN/Inf, or more than ``Wop.size_filter``
        samples; ``n_jobs`` 0 or not an integer; ``memory_budget`` not an integer > 0
        (checked before any computation).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import default_filter_options, wavelet_factory_1d, scat, format_scat
    >>> Wop, _ = wavelet_factory_1d(4096, default_filter_options('audio', 512))
    >>> S = scat(np.random.default_rng(0).standard_normal(4096), Wop)
    >>> [len(layer.signal) for layer in S], S[1].signal[0].shape
    ([1, 44, 120], (16,))
    """
    if not hasattr(Wop, "plan") or not hasattr(Wop, "filters"):
        raise InputError(f"Wop must come from scatnet.wavelet_factory_1d; got "
                         f"{type(Wop).__name__}. Build it with "
                         "Wop, filters = wavelet_factory_1d(N, filt_opt, scat_opt)")
    n_jobs = n_threads(n_jobs)
    check_memory_budget(memory_budget)  # checked now; None keeps the default rule
    xb, batch_shape = check_signal(x)
    n = xb.shape[1]
    if n > Wop.size_filter:
        raise InputError(f"the signal has n={n} samples but Wop pads to at most "
                         f"size_filter={Wop.size_filter} (filters designed for N={Wop.N}): "
                         f"build Wop with wavelet_factory_1d(N) for N >= {n}")
    if n > Wop.N:
        warnings.warn(f"the signal has n={n} samples, more than the N={Wop.N} the filters were "
                      f"designed for: it is padded to {Wop.size_filter} samples only (as the "
                      "original does); build Wop for N >= n to keep the boundary padding",
                      ScatnetWarning, stacklevel=2)
    if any(b.options["precision"] == "single" for b in Wop.filters):
        xb = xb.astype(np.float32)
    real_dtype = xb.dtype
    complex_dtype = np.result_type(real_dtype, np.complex64)
    plan, metas = Wop.plan(n)
    K = xb.shape[0]
    sink = RowSink(plan, K, real_dtype, complex_dtype, return_U, False)
    S_arrays, U_arrays, _ = run_blocks(
        plan, K, _input_rows(xb, plan.layers[0].groups[0], real_dtype), sink,
        real_dtype=real_dtype, complex_dtype=complex_dtype, want_U=return_U, want_Y=False,
        n_jobs=n_jobs, memory_budget=memory_budget)
    squeeze = len(batch_shape) == 0
    S = ScatResult([_layer(lw.blur.out_groups, arrays, meta, squeeze)
                    for lw, arrays, (meta, _) in zip(plan.layers, S_arrays, metas)], "S")
    if not return_U:
        return S
    U = ScatResult([_layer(lw.groups, arrays, meta, squeeze)
                    for lw, arrays, (_, meta) in zip(plan.layers, U_arrays, metas)], "U")
    return S, U


def _layer(groups, arrays, meta, squeeze):
    """A :class:`ScatLayer` from group arrays ``(K, rows, valid)``: one signal per path."""
    n_paths = sum(len(g.rows) for g in groups)
    signal = [None] * n_paths
    for g, arr in zip(groups, arrays):
        for local, row in enumerate(g.rows):
            signal[int(row)] = arr[0, local] if squeeze else arr[:, local]
    return ScatLayer(signal, meta, () if squeeze else (arrays[0].shape[0],))
