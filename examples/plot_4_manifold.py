"""
The manifold of a synthetic data set: scattering against MFCCs
==============================================================

The last step of Kymatio's "Time Scattering" tutorial. A data set of harmonic tones is drawn
with two generating parameters (:func:`scatnet.datasets.make_harmonic_dataset`): the decay
exponent ``α`` of the partial amplitudes (spectral shape) and the beating rate ``β`` of
partials doubled by a detuned copy (interference pattern). Do the features recover them
without supervision?

For two representations, time-averaged scattering (through
:class:`scatnet.sklearn.ScatteringTransformer`, Kymatio's ``Scattering1D`` with ``log=True``)
and time-averaged MFCCs (librosa), we embed the data set with Isomap (the shortest paths of a
k-nearest-neighbour graph, scikit-learn) in two dimensions and score each parameter:

* **Spearman |ρ|**: the rank correlation of the parameter with the better-aligned of the two
  Isomap coordinates (1: the coordinate orders the signals as the parameter does);
* **k-NN R²**: the cross-validated (5 folds) coefficient of determination of a 5-nearest-
  neighbour regression of the parameter from the 2-D embedding (1: perfectly predicted; 0:
  no better than the mean).

``β`` is scored on ``log2 β``. Both representations see the spectral shape; only the second
scattering order sees the beating, which averaged MFCCs (a smoothed log-spectrum per 23 ms
frame, then a mean over frames) cannot tell apart.

The tutorial also embeds OpenL3 deep features; they are left out here because OpenL3 cannot
be installed in this environment (its installer downloads the model weights, and nothing but
the package registries can be reached).
"""
import os
from pathlib import Path

import librosa
import matplotlib
import numpy as np
from scipy.stats import spearmanr
from sklearn.manifold import Isomap
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from scatnet.datasets import make_harmonic_dataset
from scatnet.sklearn import ScatteringTransformer

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SMALL = os.environ.get("SCATNET_EXAMPLES_SMALL") == "1"
OUTPUT = Path(os.environ.get("SCATNET_EXAMPLES_OUTPUT", "examples_output"))
OUTPUT.mkdir(parents=True, exist_ok=True)

fs = 8000.0
n_signals = 64 if SMALL else 256
N = 2 ** 13 if SMALL else 2 ** 14

# %%
# The data set
# ------------
# ``α`` uniform in [0.5, 2.5], ``β`` log-uniform in [2, 16] Hz, ``f0 = 220`` Hz, unit RMS.

X, params = make_harmonic_dataset(n_signals, N=N, fs=fs, seed=0, decay=(0.5, 2.5),
                                  beat_hz=(2.0, 16.0))
targets = {"decay alpha": params["decay"], "log2 beat rate": np.log2(params["beat_hz"])}
print(f"{n_signals} signals of {N} samples ({N / fs:.2f} s at {fs:.0f} Hz)")

# %%
# Features
# --------
# Scattering: ``J = 11`` (``T`` = 256 ms), ``Q = (8, 1)``, time-averaged then ``log``; ``ScatteringTransformer`` is a scikit-learn transformer, so the
# standardisation and the embedding chain after it in one ``Pipeline``. MFCCs: 20
# coefficients over 128 mel bands, ``n_fft = 512``, hop 128, averaged over the frames.

scattering = ScatteringTransformer(J=11, Q=(8, 1), log=True)
mfcc = librosa.feature.mfcc(y=X, sr=fs, n_mfcc=20, n_fft=512, hop_length=128, n_mels=128)
features = {"scattering": scattering.fit_transform(X), "MFCC": mfcc.mean(axis=-1)}
for name, F in features.items():
    print(f"{name}: {F.shape[1]} features per signal")

# %%
# Isomap embeddings and scores
# ----------------------------

cv = KFold(n_splits=5, shuffle=True, random_state=0)
n_neighbors = 8 if SMALL else 12
embeddings, scores = {}, {}
for name, F in features.items():
    embed = make_pipeline(StandardScaler(), Isomap(n_neighbors=n_neighbors, n_components=2))
    Z = embed.fit_transform(F)
    embeddings[name] = Z
    for target, y in targets.items():
        rho = max(abs(spearmanr(Z[:, c], y)[0]) for c in range(Z.shape[1]))
        r2 = cross_val_score(KNeighborsRegressor(n_neighbors=5), Z, y, cv=cv, scoring="r2").mean()
        scores[name, target] = (rho, r2)

print(f"\nIsomap ({n_neighbors} neighbours, 2 components) of {n_signals} signals")
print(f"{'features':<11} | {'parameter':<15} | Spearman |rho| | k-NN R^2 (5-fold)")
for (name, target), (rho, r2) in scores.items():
    print(f"{name:<11} | {target:<15} | {rho:14.3f} | {r2:17.3f}")

# %%
# The embeddings, coloured by each parameter
# ------------------------------------------
# A smooth colour gradient along the embedding means the representation arranges the signals
# by that parameter.

fig, axes = plt.subplots(2, 2, figsize=(10, 8))
for row, (name, Z) in enumerate(embeddings.items()):
    for col, (target, y) in enumerate(targets.items()):
        ax = axes[row, col]
        points = ax.scatter(Z[:, 0], Z[:, 1], c=y, s=14, cmap="viridis")
        rho, r2 = scores[name, target]
        ax.set_title(f"{name}, coloured by {target}\n|rho| = {rho:.2f}, k-NN R² = {r2:.2f}",
                     fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.colorbar(points, ax=ax)
fig.tight_layout()
fig.savefig(OUTPUT / "manifold_isomap.png", dpi=80)
