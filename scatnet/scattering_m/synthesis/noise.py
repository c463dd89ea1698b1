"""``generate_colored_noise``: a signal with the magnitude spectrum of another and random phases.

MATLAB: scattering.m ``lib/audio/generate_colored_noise.m``.
"""
import numpy as np

from ..._core.validation import check_signal

__all__ = ["generate_colored_noise"]


def generate_colored_noise(signal, *, rng=None):
    """Draw noise with the magnitude spectrum of ``signal`` and uniformly random phases.

    MATLAB: ``colored_noise = generate_colored_noise(signal)``.

    ``X = fft(signal)``; every bin ``0 < k < N/2`` gets ``|X[k]|·exp(2iπ·u_k)``, ``u_k`` uniform
    in [0, 1), its mirror ``N − k`` the conjugate; the DC and Nyquist bins keep ``|X|``; the
    result is the (real) inverse FFT.

    Parameters
    ----------
    signal : array_like, shape (N,) or (K, N)
        Real signal(s), time last.
    rng : int, numpy.random.Generator or None, optional
        Seed or generator of the phases (``numpy.random.default_rng(rng)``); None: fresh
        entropy.

    Returns
    -------
    ndarray, shape of ``signal``
        The noise, of the dtype of ``signal`` (float64 or float32).

    Raises
    ------
    InputError, InputTypeError
        ``signal`` is not a real 1-D or 2-D array of finite values.

    Notes
    -----
    The phases come from NumPy's generator (``rng.random``), not MATLAB's ``rand``: the same
    seed does not give MATLAB's noise. K signals get independent phases (the original stops
    with an error on two-dimensional input), and odd N works (no Nyquist bin; the original
    needs N even).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import generate_colored_noise
    >>> x = np.cos(np.arange(256) / 3.0)
    >>> y = generate_colored_noise(x, rng=0)
    >>> bool(np.allclose(np.abs(np.fft.rfft(y)), np.abs(np.fft.rfft(x))))
    True
    """
    xb, batch_shape = check_signal(signal, None)
    rng = np.random.default_rng(rng)
    N = xb.shape[-1]
    magnitude = np.abs(np.fft.rfft(xb.astype(np.float64), axis=-1))
    n_random = (N - 1) // 2  # bins 1 … ceil(N/2) − 1
    phases = np.exp(2j * np.pi * rng.random((xb.shape[0], n_random)))
    spectrum = magnitude.astype(complex)
    spectrum[:, 1:1 + n_random] *= phases
    noise = np.fft.irfft(spectrum, n=N, axis=-1).astype(xb.dtype, copy=False)
    return noise.reshape(tuple(batch_shape) + (N,))
