"""Bundled example signals and data sets (synthesised from closed formulas: nothing is downloaded).

* :func:`example_signal`: a "bird song and drum" test signal;
* :func:`make_harmonic_dataset`: seeded harmonic tones with a random spectral decay and beating
  rate, for manifold and regression experiments (``examples/plot_4_manifold.py``).
"""
import numpy as np

from ._errors import OptionError, OptionTypeError

__all__ = ["example_signal", "make_harmonic_dataset"]


def example_signal(N=65536, fs=22050.0):
    """Synthesise a "bird song and drum" test signal (about 3 s with the defaults).

    Three up/down chirps (harmonic, 1.5–4 kHz), an amplitude-modulated 440 Hz tone with
    harmonics, and periodic clicks: structures that first-order scattering separates by
    frequency and second-order scattering by modulation.

    Parameters
    ----------
    N : int, default 65536
        Number of samples (about 3 s at 22050 Hz).
    fs : float, default 22050.0
        Sample rate in Hz.

    Returns
    -------
    ndarray, float64, shape (N,)
        The signal, scaled to a peak amplitude of 1.

    Examples
    --------
    >>> example_signal(4096).shape
    (4096,)
    """
    t = np.arange(N) / fs
    x = np.zeros(N)
    duration = N / fs
    for k, start in enumerate(np.linspace(0.1, 0.7, 3) * duration):
        length = 0.18 * duration
        inside = (t >= start) & (t < start + length)
        tau = t[inside] - start
        f0, f1 = (1500.0, 4000.0) if k % 2 == 0 else (4000.0, 1500.0)
        phase = 2 * np.pi * (f0 * tau + 0.5 * (f1 - f0) / length * tau ** 2)
        envelope = np.sin(np.pi * tau / length) ** 2
        x[inside] += envelope * (np.cos(phase) + 0.3 * np.cos(2 * phase))
    tone = sum(np.cos(2 * np.pi * 440.0 * h * t) / h for h in (1, 2, 3))
    x += 0.5 * tone * (1 + 0.8 * np.cos(2 * np.pi * 6.0 * t))
    clicks = np.zeros(N)
    clicks[:: int(fs // 4)] = 1.0
    x += np.convolve(clicks, np.exp(-np.arange(64) / 8.0), mode="same")
    return x / np.max(np.abs(x))


def _range(value, name, *, positive):
    """Parse a ``(low, high)`` range (or one number, meaning ``(v, v)``) of finite floats."""
    if isinstance(value, (bool, np.bool_, str)):
        raise OptionTypeError(f"{name} must be a number or a (low, high) pair of numbers; "
                              f"got {name}={value!r}")
    try:
        pair = np.asarray(value, dtype=np.float64).ravel()
    except (TypeError, ValueError) as e:
        raise OptionTypeError(f"{name} must be a number or a (low, high) pair of numbers; "
                              f"got {name}={value!r}") from e
    if pair.size == 1:
        pair = np.repeat(pair, 2)
    if pair.size != 2 or not np.isfinite(pair).all():
        raise OptionError(f"{name} must be one finite number or a (low, high) pair of finite numbers; "
                          f"got {name}={value!r}")
    low, high = float(pair[0]), float(pair[1])
    if low > high:
        raise OptionError(f"{name} must be (low, high) with low <= high; got {name}={value!r}")
    if positive and low <= 0:
        raise OptionError(f"{name} must be > 0 (it is drawn log-uniformly); got {name}={value!r}")
    return low, high


def _count(value, name, lo):
    """Parse an integer >= lo (NumPy integers accepted, bools refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise OptionTypeError(f"{name} must be an integer; got {name}={value!r}")
    if value < lo:
        raise OptionError(f"{name} must be an integer >= {lo}; got {name}={value!r}")
    return int(value)


def _log_uniform(rng, low, high, n):
    return np.exp(rng.uniform(np.log(low), np.log(high), n))


def make_harmonic_dataset(n_signals=100, N=16384, fs=8000.0, *, seed=0, f0_hz=220.0,
                          decay=(0.5, 2.5), beat_hz=(2.0, 16.0), n_partials=12, fade_s=0.01):
    r"""Synthesise harmonic tones whose spectral shape and beating rate are drawn at random.

    A seeded data set for manifold experiments (Kymatio's "Time Scattering" tutorial, part II):
    each signal is an additive synthesis of ``P`` partials of ``f0``, each doubled by a copy
    detuned by ``β`` Hz, so that the two interfere and every partial beats at ``β`` Hz:

    .. math::

        x_n(t) = c_n\, w(t) \sum_{k=1}^{P_n} k^{-\alpha_n}
        \bigl[\cos(2\pi k f_{0,n} t + \varphi_{n,k})
        + \cos(2\pi (k f_{0,n} + \beta_n) t + \varphi'_{n,k})\bigr]

    ``α_n`` (``decay``) sets the spectral shape (the partial amplitudes fall as ``k^-α``) and
    ``β_n`` (``beat_hz``) the interference pattern: the envelope of partial ``k`` is
    ``2 k^-α |cos(π β t + (φ'−φ)/2)|``, a modulation at ``β`` Hz that time-averaged spectra do
    not see but second-order scattering does. ``w`` is a raised-cosine fade of ``fade_s``
    seconds at both ends, ``c_n`` scales ``x_n`` to unit RMS, the phases ``φ``, ``φ'`` are
    uniform on ``[0, 2π)``, and ``P_n`` is the largest ``k <= n_partials`` with
    ``k f0 + β < fs/2``. ``α`` is drawn uniformly, ``β`` and ``f0`` log-uniformly in their
    ranges, all from ``numpy.random.default_rng(seed)``.

    Parameters
    ----------
    n_signals : int >= 1, default 100
        Number of signals.
    N : int >= 16, default 16384
        Samples per signal (about 2 s with the defaults).
    fs : float > 0, default 8000.0
        Sample rate in Hz.
    seed : int or None, default 0
        Seed of the random generator: the same seed gives the same signals and parameters.
    f0_hz : float or (float, float), default 220.0
        Fundamental frequency in Hz, or a range it is drawn from (log-uniformly).
    decay : float or (float, float), default (0.5, 2.5)
        Range of the spectral decay exponent ``α``.
    beat_hz : float or (float, float), default (2.0, 16.0)
        Range of the beating rate ``β`` in Hz (log-uniform).
    n_partials : int >= 1, default 12
        Largest number of partials (fewer when they would reach ``fs/2``).
    fade_s : float >= 0, default 0.01
        Length of the fade in and out, in seconds (at most a quarter of the signal).

    Returns
    -------
    X : ndarray, float64, shape (n_signals, N)
        The signals, time last, each of unit RMS.
    params : dict of str to ndarray, each of shape (n_signals,)
        The generating parameters: ``'decay'`` (α), ``'beat_hz'`` (β), ``'f0_hz'``
        (float64) and ``'n_partials'`` (int, ``P_n``).

    Raises
    ------
    OptionError
        A count below its minimum, a range with low > high or not finite, a rate or
        frequency <= 0, ``f0_hz`` + ``beat_hz`` at or above ``fs/2`` (not one partial fits),
        or a negative ``fade_s``.
    OptionTypeError
        An argument of the wrong type (e.g. a float count or a string range).

    Examples
    --------
    >>> X, params = make_harmonic_dataset(4, N=2048, fs=8000, seed=1)
    >>> X.shape, sorted(params)
    ((4, 2048), ['beat_hz', 'decay', 'f0_hz', 'n_partials'])
    >>> bool(np.allclose(np.sqrt(np.mean(X ** 2, axis=1)), 1.0))
    True
    >>> bool(np.all((params['beat_hz'] >= 2) & (params['beat_hz'] <= 16)))
    True
    >>> Y, same = make_harmonic_dataset(4, N=2048, fs=8000, seed=1)
    >>> bool(np.array_equal(X, Y))
    True
    """
    n_signals = _count(n_signals, "n_signals", 1)
    N = _count(N, "N", 16)
    if isinstance(fs, (bool, np.bool_)) or not isinstance(fs, (int, float, np.integer, np.floating)):
        raise OptionTypeError(f"fs must be a number (Hz); got fs={fs!r}")
    fs = float(fs)
    if not (np.isfinite(fs) and fs > 0):
        raise OptionError(f"fs must be a finite number > 0 (Hz); got fs={fs!r}")
    n_partials = _count(n_partials, "n_partials", 1)
    f0_lo, f0_hi = _range(f0_hz, "f0_hz", positive=True)
    decay_lo, decay_hi = _range(decay, "decay", positive=False)
    beat_lo, beat_hi = _range(beat_hz, "beat_hz", positive=True)
    if f0_hi + beat_hi >= fs / 2:
        raise OptionError(f"f0_hz + beat_hz must stay below fs/2 = {fs / 2:g} Hz so that at least "
                          f"one partial fits; got f0_hz={f0_hz!r}, beat_hz={beat_hz!r}")
    fade_lo, _ = _range(fade_s, "fade_s", positive=False)
    if fade_lo < 0:
        raise OptionError(f"fade_s must be >= 0 (seconds); got fade_s={fade_s!r}")
    rng = np.random.default_rng(seed)
    alpha = rng.uniform(decay_lo, decay_hi, n_signals)
    beta = _log_uniform(rng, beat_lo, beat_hi, n_signals)
    f0 = _log_uniform(rng, f0_lo, f0_hi, n_signals)
    phases = rng.uniform(0.0, 2 * np.pi, (n_signals, 2, n_partials))
    t = np.arange(N) / fs
    n_fade = min(round(fade_lo * fs), N // 4)
    window = np.ones(N)
    if n_fade > 0:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(n_fade) / n_fade)
        window[:n_fade], window[N - n_fade:] = ramp, ramp[::-1]
    X = np.zeros((n_signals, N))
    counts = np.zeros(n_signals, dtype=np.int64)
    for n in range(n_signals):
        k = np.arange(1, n_partials + 1)
        k = k[k * f0[n] + beta[n] < fs / 2]
        counts[n] = k.size
        amp = k ** -alpha[n]
        tone = np.cos(2 * np.pi * np.outer(k * f0[n], t) + phases[n, 0, : k.size, None])
        tone += np.cos(2 * np.pi * np.outer(k * f0[n] + beta[n], t) + phases[n, 1, : k.size, None])
        x = window * (amp @ tone)
        X[n] = x / np.sqrt(np.mean(x ** 2))
    return X, {"decay": alpha, "beat_hz": beta, "f0_hz": f0, "n_partials": counts}
