"""Validation of the signals given to :func:`scatnet.sc_propagate` (STYLE G8)."""
import numpy as np

from ._errors import InputError, InputTypeError


def check_signal(x, size):
    """Return ``(x2d, batch_shape)``: ``x`` as a C-contiguous ``(K, N)`` float array.

    Accepts ``(N,)`` or ``(K, N)``, time last, float32 or float64 (ints and bools are refused:
    cast explicitly). Read-only and non-contiguous inputs are copied, never modified.
    """
    if isinstance(x, (list, tuple)):
        x = np.asarray(x)
    if not isinstance(x, np.ndarray):
        raise InputTypeError(f"the signal must be a numpy array of shape (N,) or (K, N); "
                             f"got {type(x).__name__}")
    if np.iscomplexobj(x):
        raise InputTypeError(f"the signal must be real; got dtype={x.dtype}. Pass x.real, or "
                             "scatter the real and imaginary parts separately")
    if x.dtype not in (np.float32, np.float64):
        raise InputTypeError(f"the signal must be float32 or float64; got dtype={x.dtype}. "
                             "Cast it explicitly, e.g. x.astype(np.float64)")
    if x.ndim not in (1, 2):
        raise InputError(f"the signal must have shape (N,) or (K, N) with time last; got "
                         f"shape={x.shape}. Reshape it, e.g. x.reshape(-1, {x.shape[-1]})")
    if x.shape[-1] != size:
        hint = ("transpose it: scatnet stacks signals as rows, time last (MATLAB used N × K "
                "columns)" if x.ndim == 2 and x.shape[0] == size else
                "pad or cut it to that length, or set opts[0]['time']['size'] accordingly")
        raise InputError(f"the signal has {x.shape[-1]} samples along its last axis (time) but the "
                         f"architecture was built for size={size}: {hint}")
    if x.ndim == 2 and x.shape[0] == 0:
        raise InputError("the signal batch is empty (shape (0, N)): pass at least one signal")
    if not np.isfinite(x).all():
        bad = np.argwhere(~np.isfinite(np.atleast_2d(x)))[0]
        raise InputError(f"the signal contains NaN or Inf (first at index {tuple(bad.tolist())}): "
                         "clean or interpolate it before scattering")
    batch_shape = x.shape[:-1]
    return np.ascontiguousarray(np.atleast_2d(x)), batch_shape
