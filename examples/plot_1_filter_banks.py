"""
Filter banks of time scattering, order by order
===============================================

The first step of Kymatio's "Time Scattering" tutorial: build the wavelet filter banks of a
second-order scattering transform and read off the centre frequency ``xi`` and the bandwidth
``sigma`` of every filter, order by order.

``J`` is the log2 of the largest scale (the low-pass averages over ``T = 2**J`` samples by
default), ``Q = (Q1, Q2)`` the number of wavelets per octave at each order. High-frequency
wavelets have a constant quality factor ``xi / sigma``; below the frequency where that would
make them longer than ``T`` they keep the same bandwidth and are spaced linearly.

Kymatio's front end (:class:`scatnet.kymatio.Scattering1D` and
:func:`scatnet.kymatio.scattering_filter_factory`) gives the filters as Kymatio's dicts; the
scattering.m front end (:func:`scatnet.sc_setup`) gives banks that
:func:`scatnet.display.display_bank` draws, here Morlet wavelets at the first order and
Gammatone wavelets at the second.
"""
import os
from pathlib import Path

import matplotlib
import numpy as np

from scatnet import default_auditory, sc_setup
from scatnet.display import display_bank
from scatnet.kymatio import Scattering1D, scattering_filter_factory

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SMALL = os.environ.get("SCATNET_EXAMPLES_SMALL") == "1"
OUTPUT = Path(os.environ.get("SCATNET_EXAMPLES_OUTPUT", "examples_output"))
OUTPUT.mkdir(parents=True, exist_ok=True)

fs = 8000.0
N = 2 ** 13 if SMALL else 2 ** 15
J, Q = 10, (8, 2)

# %%
# Kymatio's filters
# -----------------
# ``Scattering1D`` pads the signal to ``N_padded`` samples and designs its filters there;
# ``scattering_filter_factory`` returns the same dicts (``'levels'``, ``'xi'``, ``'sigma'``,
# ``'j'``). ``xi`` and ``sigma`` are in cycles per sample: multiply by ``fs`` for Hz.

scattering = Scattering1D(J=J, shape=N, Q=Q)
phi_f, psi1_f, psi2_f = scattering_filter_factory(scattering.N_padded, J, Q, scattering.T)
print(f"J={J}, Q={Q}, T={scattering.T} samples ({1000 * scattering.T / fs:.0f} ms), "
      f"N={N}, N_padded={scattering.N_padded}")
print(f"low-pass: sigma = {phi_f['sigma'] * fs:.2f} Hz")
for order, bank in ((1, psi1_f), (2, psi2_f)):
    xi = np.array([p["xi"] for p in bank]) * fs
    sigma = np.array([p["sigma"] for p in bank]) * fs
    constant_q = np.isclose(xi / sigma, xi[0] / sigma[0], rtol=1e-6)
    print(f"order {order}: {len(bank)} wavelets, xi from {xi[0]:.1f} Hz down to {xi[-1]:.2f} Hz; "
          f"{constant_q.sum()} with constant Q (xi/sigma = {xi[0] / sigma[0]:.2f}), "
          f"{(~constant_q).sum()} with constant bandwidth sigma = {sigma[-1]:.2f} Hz")
    print("    first three (xi Hz, sigma Hz, j):",
          [(round(float(a), 1), round(float(b), 1), p["j"]) for a, b, p in zip(xi[:3], sigma[:3], bank)])

# %%
# The paths of ``meta()`` come from the same filters
# ---------------------------------------------------
# ``meta()`` lists every output path: its order, and for each order the ``xi``, ``sigma`` and
# ``j`` of the wavelet it went through. Second-order paths exist only where the second
# wavelet is coarser than the first (``j2 > j1``).

meta = scattering.meta()
counts = scattering.output_size(detail=True)
print("paths per order (0, 1, 2):", counts)
xi1_meta = meta["xi"][meta["order"] == 1, 0]
print("meta()['xi'] of order 1 equals the first-order filters:",
      bool(np.array_equal(xi1_meta, [p["xi"] for p in psi1_f])))
second = meta["order"] == 2
print("second-order paths with j2 > j1:", int(np.sum(meta["j"][second, 1] > meta["j"][second, 0])),
      "of", int(second.sum()))

# %%
# Drawing the filters
# -------------------
# Each wavelet is a Gaussian bump in frequency; the low-pass (black) covers what the
# lowest wavelet leaves out. The dots below give ``xi`` and ``sigma`` of each filter.

freqs = np.fft.fftfreq(scattering.N_padded) * fs
pos = freqs > 0
fig, axes = plt.subplots(3, 1, figsize=(9, 9))
for ax, (order, bank) in zip(axes[:2], ((1, psi1_f), (2, psi2_f))):
    for p in bank:
        ax.plot(freqs[pos], p["levels"][0][pos], lw=0.8)
    ax.plot(freqs[pos], phi_f["levels"][0][pos], "k", lw=1.5, label="low-pass φ")
    ax.set_xscale("log")
    ax.set_xlim(0.5, fs / 2)
    ax.set_title(f"order {order}: {len(bank)} wavelets (Q = {Q[order - 1]})")
    ax.set_ylabel("|ψ̂|")
    ax.legend(loc="upper left")
axes[1].set_xlabel("frequency (Hz)")
for order, bank, marker in ((1, psi1_f, "o"), (2, psi2_f, "s")):
    xi = np.array([p["xi"] for p in bank]) * fs
    sigma = np.array([p["sigma"] for p in bank]) * fs
    axes[2].loglog(xi, sigma, marker, ms=4, label=f"order {order}")
axes[2].set_xlabel("centre frequency xi (Hz)")
axes[2].set_ylabel("bandwidth sigma (Hz)")
axes[2].set_title("constant Q (slope 1) above, constant bandwidth below")
axes[2].legend()
fig.tight_layout()
fig.savefig(OUTPUT / "filter_banks_kymatio.png", dpi=80)

# %%
# scattering.m: Morlet, then Gammatone
# ------------------------------------
# The same idea with scattering.m's options: ``default_auditory`` gives Morlet wavelets
# (Q = 8) with an averaging of ``T`` samples; the second order defaults to Gammatone
# wavelets (asymmetric, causal, as in auditory models), here two per octave.

opts = [default_auditory(N, fs, 8), {"time": {"wavelet_handle": "gammatone_1d", "max_Q": 2}}]
opts[0]["time"]["T"] = 2 ** J
archs = sc_setup(opts)
fig, axes = plt.subplots(2, 1, figsize=(9, 7))
first = display_bank(archs[0].bank(), fs=fs, ax=axes[0], log_frequency=True)
second = display_bank(archs[1].bank(), fs=fs, ax=axes[1], log_frequency=True)
fig.tight_layout()
fig.savefig(OUTPUT / "filter_banks_scattering_m.png", dpi=80)
for order, picture, bank in ((1, first, archs[0].bank()), (2, second, archs[1].bank())):
    print(f"scattering.m order {order}: {bank.spec.wavelet_name}, {bank.n_gammas} wavelets, "
          f"Littlewood-Paley sum max {picture.lp.max():.4f}")
