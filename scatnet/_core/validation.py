"""Validation of the signals given to :func:`scatnet.sc_propagate` (STYLE G8)."""
import math
import numbers
import warnings

import numpy as np

from .._errors import InputError, InputTypeError, ScatnetWarning


def as_array(x):
    """Turn what a user passes as signals into an ndarray of native byte order (other types as given).

    A list or tuple goes through :func:`numpy.asarray` (ragged rows are refused); float32 or
    float64 data of the other byte order (big-endian, e.g. read from a file) are swapped once
    into a C-contiguous native array, so that no second copy is needed later.

    Parameters
    ----------
    x : object
        The signals as given.

    Returns
    -------
    object
        ``x`` as an ndarray when it is a list, tuple or ndarray; anything else unchanged (the
        caller refuses it).

    Raises
    ------
    InputError
        A ragged list or tuple (rows of different lengths).
    """
    if isinstance(x, (list, tuple)):
        x = _from_sequence(x)
    if (isinstance(x, np.ndarray) and x.dtype.kind == "f" and x.dtype.itemsize in (4, 8)
            and not x.dtype.isnative):
        x = x.astype(x.dtype.newbyteorder("="), order="C")
    return x


def _from_sequence(x):
    """A list or tuple of samples (or of signals) as an array; ragged rows are refused."""
    try:
        return np.asarray(x)
    except ValueError as e:  # NumPy ≥ 1.24: rows of different lengths
        lengths = [len(row) if hasattr(row, "__len__") else 1 for row in x]
        raise InputError(f"the signal is a ragged {type(x).__name__}: its {len(x)} rows have "
                         f"{_describe_lengths(lengths)} samples, but signals scattered together "
                         "must have one length. Pad or cut them to a common length (e.g. "
                         "np.stack([np.pad(r, (0, n - len(r))) for r in rows])), or scatter "
                         "them one by one") from e


def _describe_lengths(lengths):
    shown = ", ".join(map(str, lengths[:8])) + (", …" if len(lengths) > 8 else "")
    return f"lengths {shown}"


def check_fs(fs, who):
    """Check a sample rate: None, or a finite number > 0 (a 1-element array is accepted).

    Parameters
    ----------
    fs : float or None
        The sample rate in Hz given by the user.
    who : str
        The public function, for messages.

    Returns
    -------
    float or None
        ``fs`` as a float.

    Raises
    ------
    InputTypeError
        ``fs`` is not a number (a string, a bool, a complex number, an array of several values).
    InputError
        ``fs`` is NaN, infinite, zero or negative.
    """
    if fs is None:
        return None
    value = fs
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputTypeError(f"{who}: fs={fs!r} must be a positive sample rate in Hz (a finite "
                             f"number > 0, e.g. fs=22050) or None; got {type(fs).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"{who}: fs={fs!r} must be a positive sample rate in Hz (a finite "
                         "number > 0, e.g. fs=22050) or None")
    return float(value)


def check_signal(x, size=None):
    """Return ``(x2d, batch_shape)``: ``x`` as a C-contiguous ``(K, N)`` float array.

    Accepts ``(N,)`` or ``(K, N)``, time last, float32 or float64 in either byte order (ints
    and bools are refused: cast explicitly). Read-only and non-contiguous inputs are accepted
    and never modified (non-contiguous and big-endian ones are copied, once).

    Parameters
    ----------
    x : ndarray, list or tuple, shape (N,) or (K, N)
        The signals, time last, float32 or float64, finite; a list or tuple is converted
        with :func:`numpy.asarray` first.
    size : int, optional
        If given, signals longer than ``size`` are refused (non-chunked architectures), and a
        ``(size, N)`` array is taken for MATLAB's ``N × K`` layout and refused.

    Returns
    -------
    x2d : ndarray, shape (K, N)
        ``x`` as a C-contiguous 2-D array of its own dtype (K = 1 for a 1-D input).
    batch_shape : tuple of int
        ``x.shape[:-1]``: ``()`` for a 1-D input, ``(K,)`` otherwise.

    Raises
    ------
    InputTypeError
        If ``x`` is neither an ndarray nor a list or tuple, is complex, or is not float32 or
        float64.
    InputError
        If ``x`` is not 1-D or 2-D, is a ragged list (rows of different lengths), is empty,
        contains NaN or Inf, looks transposed, or is longer than ``size``.

    Warns
    -----
    ScatnetWarning
        If a 2-D ``x`` has more rows than samples (possibly MATLAB's ``N × K`` layout).
    """
    x = as_array(x)
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
        fix = f" Reshape it, e.g. x.reshape(-1, {x.shape[-1]})" if x.ndim else " Pass an array of samples"
        raise InputError(f"the signal must have shape (N,) or (K, N) with time last; got "
                         f"shape={x.shape}.{fix}")
    if x.shape[-1] == 0:
        raise InputError(f"the signal is empty (shape={x.shape}): pass at least one sample")
    if size is not None and x.ndim == 2 and x.shape[0] == size and x.shape[1] != size:
        raise InputError(f"the signal has shape={x.shape}: {size} (= size) rows of {x.shape[1]} "
                         "samples looks like MATLAB's N × K layout; transpose it (x.T): scatnet "
                         "stacks signals as rows, time last")
    if size is not None and x.shape[-1] > size:
        raise InputError(f"the signal has {x.shape[-1]} samples along its last axis (time) but the "
                         f"architecture was built for size={size} without chunking: set "
                         "opts[0]['time']['is_chunked'] = True to scatter it in chunks, or set "
                         "opts[0]['time']['size'] to a power of two at least as long")
    if x.ndim == 2 and x.shape[0] == 0:
        raise InputError("the signal batch is empty (shape (0, N)): pass at least one signal")
    if not np.isfinite(x).all():
        bad = np.argwhere(~np.isfinite(np.atleast_2d(x)))[0]
        raise InputError(f"the signal contains NaN or Inf (first at index {tuple(bad.tolist())}): "
                         "clean or interpolate it before scattering")
    if x.ndim == 2 and x.shape[0] > x.shape[1]:
        warnings.warn(f"the signal has shape={x.shape}: {x.shape[0]} signals of {x.shape[1]} samples. "
                      "If your signals are columns (MATLAB's N × K), pass x.T: scatnet takes time "
                      "on the last axis", ScatnetWarning, stacklevel=3)
    batch_shape = x.shape[:-1]
    return np.ascontiguousarray(np.atleast_2d(x)), batch_shape
