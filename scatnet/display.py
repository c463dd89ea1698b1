"""Pictures of filter banks and scalograms (matplotlib, imported lazily).

MATLAB: scattering.m ``lib/display/display_bank.m``, ``display_scalogram.m``.
"""
import numpy as np


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'scatnet[plot]'") from e
    return plt


def littlewood_paley(bank):
    """``(psis, phi, lp)`` of a bank: untrimmed responses and the Littlewood–Paley sum.

    MATLAB: ``[psis, phi, lp] = display_bank(bank)``. ``lp = Σ|ψ̂|² + |φ̂|²``, symmetrised
    ``lp[1:] = ½(lp[1:] + lp[:0:-1])`` when the bank is not spinned.
    """
    psis = bank.psi_ft().reshape(bank.spec.size, -1)
    phi = bank.phi_ft()
    lp = np.sum(np.abs(psis) ** 2, axis=1) + np.abs(phi) ** 2
    if not bank.spec.is_spinned:
        lp[1:] = 0.5 * (lp[1:] + lp[:0:-1])
    return psis, phi, lp


def display_bank(bank, *, ax=None):
    """Plot |ψ̂| of every filter, |φ̂| and the Littlewood–Paley sum of a bank.

    Parameters
    ----------
    bank : scatnet.filterbank.FilterBank
        e.g. ``archs[0].bank()``.
    ax : matplotlib Axes, optional

    Returns
    -------
    fig : matplotlib Figure
    """
    plt = _pyplot()
    psis, phi, lp = littlewood_paley(bank)
    N = bank.spec.size
    freqs = np.fft.fftfreq(N)
    order = np.argsort(freqs)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 4))
    else:
        fig = ax.figure
    ax.plot(freqs[order], np.abs(psis[order]), lw=0.8)
    ax.plot(freqs[order], np.abs(phi[order]), "k", lw=1.2, label="|φ̂| (bank low-pass)")
    ax.plot(freqs[order], lp[order], "r--", lw=1.0, label="Littlewood–Paley sum")
    ax.set_xlabel("frequency (cycles/sample)")
    ax.set_ylabel("magnitude")
    ax.set_title(f"{bank.spec.wavelet_name}: {bank.n_gammas} filters × {bank.n_thetas} spin(s), "
                 f"N = {N}")
    ax.legend(loc="upper left", fontsize=8)
    return fig


def scalogram(U1):
    """First-order scalogram as an image ``(n_γ1, N)``: each band resampled to full rate.

    MATLAB: ``display_scalogram(U{2})``, including its multiplication of each band by its
    length (spec §7 #17) undone here: values are the bands themselves, nearest-neighbour upsampled.
    Only one signal (1-D input) is supported.
    """
    rows = []
    n = max(t.data.shape[-1] for t in U1)
    for t in U1:
        if t.data.ndim != 1:
            raise ValueError("scalogram expects the U of a single 1-D signal; select one signal first")
        idx = np.minimum((np.arange(n) * t.data.shape[-1]) // n, t.data.shape[-1] - 1)
        rows.append(t.data[idx])
    return np.array(rows)


def display_scalogram(U1, *, fs=None, ax=None, log=True):
    """Show the first-order scalogram ``U[1]`` (γ1 from high to low frequency, top to bottom).

    Parameters
    ----------
    U1 : ScatteringLayer
        ``U[1]`` from ``sc_propagate(x, archs, return_U=True)`` for one 1-D signal.
    fs : float, optional
        Sample rate, for axes in seconds and Hz.
    ax : matplotlib Axes, optional
    log : bool
        Show ``log1p`` of the values.

    Returns
    -------
    fig : matplotlib Figure
    """
    plt = _pyplot()
    img = scalogram(U1)
    if log:
        img = np.log1p(img / (np.median(img) + 1e-12))
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 4))
    else:
        fig = ax.figure
    n = img.shape[1]
    extent = [0, n / fs if fs else n, len(U1) + 0.5, 0.5]
    ax.imshow(img, aspect="auto", origin="upper", extent=extent, cmap="magma", interpolation="nearest")
    ax.set_xlabel("time (s)" if fs else "time (samples)")
    ax.set_ylabel("γ1 (filter index)")
    if fs:
        xi = U1.paths["xi1"] * fs
        ticks = np.linspace(1, len(U1), 6).astype(int)
        ax.set_yticks(ticks)
        ax.set_yticklabels([f"{xi[t - 1]:.0f} Hz" for t in ticks])
        ax.set_ylabel("centre frequency")
    ax.set_title("first-order scalogram U1")
    return fig
