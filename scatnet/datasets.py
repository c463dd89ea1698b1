"""Bundled example signals (synthesised from closed formulas: nothing is downloaded)."""
import numpy as np


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
