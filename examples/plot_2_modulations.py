"""
Tremolo, vibrato, attacks and beating under scattering
======================================================

The second step of Kymatio's "Time Scattering" tutorial: four modulated versions of one
harmonic tone, seen through the scalogram ``U1 = |x ⋆ ψ_λ1|``, the averaged first order
``S1 = U1 ⋆ φ_T`` and the second order ``S2 = |U1 ⋆ ψ_λ2| ⋆ φ_T``.

* **tremolo**: amplitude modulation, ``(1 + m cos 2π r t)``;
* **vibrato**: frequency modulation, the partials wobble by ±3 % at ``r`` Hz;
* **attacks**: the note is struck ``r`` times a second (exponential decays);
* **beating**: each partial is doubled by a copy ``r`` Hz higher; the two interfere.

Averaged over ``T`` (longer than one modulation period), S1 of the four sounds is almost that
of the plain tone: the modulation is gone from the first order. The second order recovers
it: under the first-order band of the fundamental, S2 of the tremolo, the attacks and the
beating peaks at a second-order wavelet next to the modulation rate ``r``, and S2 of the
vibrato at about ``2r`` (the partial sweeps across the band, and back, once per period, so the
band's envelope rises twice). That is measured below with both front ends: Kymatio's ``Scattering1D`` (Morlet wavelets at both orders) and scattering.m
(Morlet, then Gammatone wavelets at the second order).
"""
import os
from pathlib import Path

import matplotlib
import numpy as np

from scatnet import default_auditory, sc_format, sc_propagate, sc_setup
from scatnet.display import display_scalogram
from scatnet.kymatio import Scattering1D

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SMALL = os.environ.get("SCATNET_EXAMPLES_SMALL") == "1"
OUTPUT = Path(os.environ.get("SCATNET_EXAMPLES_OUTPUT", "examples_output"))
OUTPUT.mkdir(parents=True, exist_ok=True)

fs = 8000.0
N = 2 ** 13 if SMALL else 2 ** 15
t = np.arange(N) / fs
f0, rate = 220.0, 6.0
partials = np.arange(1, 9)
amplitudes = 1.0 / partials


def tone(frequency_scale=None):
    """A harmonic tone at f0; ``frequency_scale(t)`` multiplies its instantaneous frequency."""
    if frequency_scale is None:
        phase = 2 * np.pi * f0 * t
    else:
        phase = 2 * np.pi * f0 * np.cumsum(frequency_scale) / fs
    return amplitudes @ np.cos(np.outer(partials, phase))


def attacks():
    """The tone struck ``rate`` times a second, each strike decaying in 60 ms."""
    since_strike = np.mod(t, 1.0 / rate)
    return np.exp(-since_strike / 0.06) * tone()


def beating():
    """Each partial doubled by a copy ``rate`` Hz higher."""
    detuned = amplitudes @ np.cos(2 * np.pi * np.outer(partials * f0 + rate, t) + 1.0)
    return 0.5 * (tone() + detuned)


signals = {
    "plain tone": tone(),
    "tremolo": (1 + 0.8 * np.cos(2 * np.pi * rate * t)) * tone(),
    "vibrato": tone(1 + 0.03 * np.sin(2 * np.pi * rate * t)),
    "attacks": attacks(),
    "beating": beating(),
}
names = list(signals)
X = np.stack([x / np.sqrt(np.mean(x ** 2)) for x in signals.values()])

# %%
# Both front ends, one call each
# ------------------------------
# The averaging scale is ``T = 2**11`` samples (256 ms, one and a half periods of a 6 Hz
# modulation). Kymatio: ``J = 11``, ``Q = (8, 2)``. scattering.m: ``default_auditory``
# (Morlet, Q = 8) with ``T`` set to the same 2048 samples, and a Gammatone second order with
# two wavelets per octave.

J = 11
kymatio = Scattering1D(J=J, shape=N, Q=(8, 2))
Sk = kymatio(X)
meta = kymatio.meta()

opts = [default_auditory(N, fs, 8), {"time": {"wavelet_handle": "gammatone_1d", "max_Q": 2}}]
opts[0]["time"]["T"] = 2 ** J
archs = sc_setup(opts)
S, U = sc_propagate(X, archs, return_U=True, fs=fs)
F, paths = sc_format(S)
print(f"Kymatio: {Sk.shape[1]} paths x {Sk.shape[2]} frames; scattering.m: {F.shape[1]} paths "
      f"x {F.shape[2]} frames")


def second_order_at_f0(coefs, order, xi1_hz, xi2_hz):
    """Time-averaged S2 under the first-order band closest to f0, and its xi2 in Hz."""
    first = order == 1
    g1 = xi1_hz[first][np.argmin(np.abs(xi1_hz[first] - f0))]
    rows = (order == 2) & np.isclose(xi1_hz, g1)
    ranked = np.argsort(xi2_hz[rows])
    return coefs[..., rows, :].mean(axis=-1)[..., ranked], xi2_hz[rows][ranked]


# Kymatio: meta()['xi'] holds (xi1, xi2) per path, in cycles per sample
s2_kym, rates_kym = second_order_at_f0(Sk, meta["order"], meta["xi"][:, 0] * fs,
                                       meta["xi"][:, 1] * fs)
# scattering.m: the paths table has the centre frequencies in Hz (nan beyond a path's order)
s2_scm, rates_scm = second_order_at_f0(F, paths["order"], np.asarray(paths["xi1_hz"]),
                                       np.asarray(paths["xi2_hz"]))

# %%
# What the orders see
# -------------------
# For each sound: the centre frequency of the strongest second-order path under the
# fundamental (a neighbour of ``r = 6`` Hz for the tremolo, the attacks and the beating, about
# ``2r`` for the vibrato, anything for the plain tone, whose S2 is tiny), the energy of S2
# relative to S1 (an order of magnitude above the plain tone's for every modulated sound), and how far
# the time-averaged S1 moved from the plain tone's (relative distance).

s1_rows = paths["order"] == 1
s1_mean = F[:, s1_rows].mean(axis=-1)
s2_rows = paths["order"] == 2
nearest_k = rates_kym[np.argmin(np.abs(rates_kym - rate))]
nearest_s = rates_scm[np.argmin(np.abs(rates_scm - rate))]
print(f"\nmodulation rate r = {rate} Hz; nearest second-order wavelets: Kymatio {nearest_k:.2f} Hz, "
      f"scattering.m {nearest_s:.2f} Hz")
print(f"{'sound':<11} | S2 peak (Kymatio) | S2 peak (scattering.m) | ||S2||/||S1|| | S1 change")
for i, name in enumerate(names):
    peak_k = rates_kym[np.argmax(s2_kym[i])]
    peak_s = rates_scm[np.argmax(s2_scm[i])]
    ratio = np.linalg.norm(F[i, s2_rows]) / np.linalg.norm(F[i, s1_rows])
    change = np.linalg.norm(s1_mean[i] - s1_mean[0]) / np.linalg.norm(s1_mean[0])
    print(f"{name:<11} | {peak_k:14.2f} Hz | {peak_s:19.2f} Hz | {ratio:13.3f} | {change:9.3f}")

# %%
# Scalogram, S1 and S2, sound by sound
# ------------------------------------
# Left: the scalogram ``U1`` (scattering.m, ``display_scalogram``), where the modulations are
# visible. Middle: Kymatio's S1, averaged over 256 ms: the modulations are smoothed away.
# Right: scattering.m's S2 under the fundamental, second-order rate against time.

order_k = meta["order"]
xi1_k = meta["xi"][order_k == 1, 0] * fs
duration = N / fs
for i, name in enumerate(names):
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.4))
    display_scalogram(U[1], fs=fs, channel=i, ax=axes[0])
    axes[0].set_title(f"{name}: scalogram U1")
    axes[1].imshow(np.log1p(Sk[i, order_k == 1] / np.median(Sk[i, order_k == 1])), aspect="auto",
                   origin="upper", extent=(0, duration, len(xi1_k), 0), cmap="magma")
    ticks = np.arange(0, len(xi1_k), 16)
    axes[1].set_yticks(ticks, [f"{xi1_k[k]:.0f}" for k in ticks])
    axes[1].set_title("S1 (Kymatio, T = 256 ms)")
    axes[1].set_xlabel("time (s)")
    axes[1].set_ylabel("xi1 (Hz)")
    first = paths["order"] == 1
    g1 = np.asarray(paths["xi1_hz"])[first][np.argmin(np.abs(np.asarray(paths["xi1_hz"])[first] - f0))]
    rows = np.flatnonzero(s2_rows & np.isclose(np.asarray(paths["xi1_hz"]), g1))
    rows = rows[np.argsort(np.asarray(paths["xi2_hz"])[rows])[::-1]]
    axes[2].imshow(F[i, rows], aspect="auto", origin="upper", extent=(0, duration, len(rows), 0),
                   cmap="magma")
    axes[2].set_yticks(np.arange(len(rows)) + 0.5,
                       [f"{r:.1f}" for r in np.asarray(paths["xi2_hz"])[rows]], fontsize=6)
    axes[2].set_title(f"S2 at xi1 = {g1:.0f} Hz (Gammatone)")
    axes[2].set_xlabel("time (s)")
    axes[2].set_ylabel("xi2 (Hz)")
    fig.tight_layout()
    fig.savefig(OUTPUT / f"modulations_{name.replace(' ', '_')}.png", dpi=70)

# %%
# Modulation spectra
# ------------------
# The time-averaged S2 under the fundamental against the second-order centre frequency:
# every modulated sound peaks near 6 Hz (dashed line), the plain tone does not.

fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=False)
for i, name in enumerate(names):
    axes[0].loglog(rates_kym, s2_kym[i], "o-", ms=3, label=name)
    axes[1].loglog(rates_scm, s2_scm[i], "o-", ms=3, label=name)
for ax, title in zip(axes, ("Kymatio (Morlet, Q2 = 2)", "scattering.m (Gammatone, Q2 = 2)")):
    ax.axvline(rate, color="k", ls="--", lw=0.8)
    ax.set_xlabel("second-order centre frequency xi2 (Hz)")
    ax.set_title(title)
axes[0].set_ylabel("time-averaged S2 under f0")
axes[1].legend(fontsize=8)
fig.tight_layout()
fig.savefig(OUTPUT / "modulation_spectra.png", dpi=80)
