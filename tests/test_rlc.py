"""RLC (one-pole resonator) as a first-class wavelet (scatnet's design, doc/differences.md).

ψ(t) = res·exp((2πiξ·res − a)t), t ≥ 0, with a = 2πΔ/sqrt(1/c² − 1),
Δ = ξ·res(1 − q)/(1 + q), q = 2^(−1/Q), c = 10^(−cutoff_in_dB/20): the Lorentzian
|ψ̂(f)| ∝ 1/sqrt(a² + (2π(f − ξ·res))²) is at c of its peak at f = ξ·res ± Δ, where its
constant-Q neighbour ξ·res·q (half width qΔ) is at c of its own peak too.
"""
from dataclasses import replace

import numpy as np
import pytest

from scatnet import sc_format, sc_propagate, sc_setup
from scatnet.scattering_m import filters
from scatnet.scattering_m.filterbank import fill_bank_metas, setup_bank
from scatnet.scattering_m.options.spec import FilterSpec

SPEC = FilterSpec(wavelet="RLC_1d", size=8192, T=512, J=9, max_Q=8, nFilters_per_octave=8,
                  max_scale=2048, mother_xi=1 / (1 + 2 ** (1 / 8)), has_real_ft=False)
N = SPEC.size
OPTS = [{"time": {"size": 4096, "T": 256, "max_Q": 4, "wavelet_handle": "RLC_1d",
                  "is_chunked": False}},
        {"time": {"wavelet_handle": "RLC_1d"}}]


@pytest.fixture(scope="module")
def bank():
    return setup_bank(SPEC)


def constant_q(metas):
    """Indices (0-based) of the filters in the constant-Q region (Q = max_Q up to rounding)."""
    return np.flatnonzero(np.isclose(metas.quality_factor, SPEC.max_Q, rtol=1e-12))


def half_width_bins(metas, g):
    q = 2.0 ** (-1.0 / metas.quality_factor[g])
    return metas.xi[g] * N * (1 - q) / (1 + q)


# ---------------------------------------------------------------------------------------------
# the time-domain filter


@pytest.mark.parametrize("res,Q,cutoff", [(1.0, 1.0, 3.0), (2 ** -2.5, 8.0, 3.0), (0.5, 2.0, 6.0)])
def test_rlc_decay_closed_form(res, Q, cutoff):
    xi = 0.4
    c = 10 ** (-cutoff / 20)
    q = 2 ** (-1 / Q)
    delta = xi * res * (1 - q) / (1 + q)
    expected = 2 * np.pi * delta / np.sqrt(1 / c ** 2 - 1)
    got = filters.rlc_decay(resolution=res, quality_factor=Q, xi=xi, cutoff_in_dB=cutoff)
    assert got == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("P", [0, 1])
def test_rlc_time_domain_closed_form(P):
    """ψ = fold(w) − mean(fold w)/mean(fold e)·fold(e), w = res·e·exp(2πiξ·res·t), e = exp(−at)."""
    n, res, Q, xi = 1024, 2 ** -1.5, 4.0, 0.45
    a = filters.rlc_decay(resolution=res, quality_factor=Q, xi=xi)
    t = np.arange((1 + P) * n)
    e = np.exp(-a * t)
    w = res * e * np.exp(2j * np.pi * xi * res * t)
    fold = lambda v: v[:n] + (v[n:] if P else 0)
    expected = fold(w) - fold(w).mean() / fold(e).mean() * fold(e)
    psi = filters.rlc_1d(n, resolution=res, quality_factor=Q, xi=xi, periodization_extent=P)
    np.testing.assert_allclose(psi, expected, rtol=0, atol=1e-14 * res)


@pytest.mark.parametrize("res,Q", [(1.0, 1.0), (2 ** -3, 8.0), (2 ** -6, 2.0)])
def test_rlc_zero_mean(res, Q):
    psi = filters.rlc_1d(4096, resolution=res, quality_factor=Q, xi=0.45)
    assert abs(psi.sum()) <= 1e-12 * np.abs(psi).sum()


def test_rlc_lorentzian_crosses_at_cutoff_closed_form():
    """The continuous response at ξ·res − Δ is c times the peak (the defining property of a)."""
    res, Q, xi, cutoff = 0.5, 8.0, 0.45, 3.0
    a = filters.rlc_decay(resolution=res, quality_factor=Q, xi=xi, cutoff_in_dB=cutoff)
    q = 2 ** (-1 / Q)
    delta = xi * res * (1 - q) / (1 + q)
    lorentz = lambda f: 1 / abs(a + 2j * np.pi * (f - xi * res))
    assert lorentz(xi * res - delta) / lorentz(xi * res) == pytest.approx(10 ** (-cutoff / 20),
                                                                          rel=1e-12)


def test_raw_filters_are_causal(bank):
    """Energy at negative times (last half of the periodic array) < 1e-6 of the total when the
    decay time 1/a is ≪ N (here ≤ N/20: the folded tail is ~exp(−a·N) ≤ e^−20 of the energy)."""
    metas = bank.metas
    checked = 0
    for g in range(len(metas)):
        a = filters.rlc_decay(resolution=metas.resolution[g], quality_factor=metas.quality_factor[g],
                              xi=SPEC.mother_xi)
        if 1 / a > N / 20:
            continue
        psi = filters.rlc_1d(N, resolution=metas.resolution[g], quality_factor=metas.quality_factor[g],
                             xi=SPEC.mother_xi)
        e = np.abs(psi) ** 2
        assert e[N // 2:].sum() < 1e-6 * e.sum(), f"γ={g + 1}: anticausal energy"
        checked += 1
    assert checked >= 40


# ---------------------------------------------------------------------------------------------
# the bank


def test_metas_follow_the_morlet_elbow_rule(bank):
    m = bank.metas
    morlet = fill_bank_metas(replace(SPEC, wavelet="morlet_1d"))
    for field in ("resolution", "quality_factor", "bandwidth", "scale"):
        np.testing.assert_array_equal(getattr(m, field), getattr(morlet, field), err_msg=field)
    elbow_res = 4 * SPEC.max_Q / SPEC.max_scale
    above = m.resolution >= elbow_res * (1 + 1e-12)
    below = m.resolution < elbow_res * (1 - 1e-12)
    assert above.sum() > 0 and below.sum() > 0
    np.testing.assert_allclose(m.quality_factor[above], SPEC.max_Q, rtol=1e-12)
    np.testing.assert_allclose(m.bandwidth[below], 4 / SPEC.max_scale, rtol=1e-12)
    np.testing.assert_allclose(m.scale, np.minimum(4 * SPEC.max_Q / m.resolution, SPEC.max_scale),
                               rtol=1e-12)
    assert np.all(m.quality_factor >= 1)


def test_centre_frequencies(bank):
    """argmax |ψ̂_γ| lies within one bin of ξ·res(γ)·N in the constant-Q region."""
    psi = np.abs(bank.psi_ft()[:, :, 0])
    for g in constant_q(bank.metas):
        k = int(np.argmax(psi[:, g]))
        centre = bank.metas.xi[g] * N
        assert abs(k - centre) <= 1, f"γ={g + 1}: peak bin {k}, centre {centre:.2f}"


def test_neighbours_cross_at_cutoff(bank):
    """|ψ̂_γ| and |ψ̂_γ+1| cross at −3 dB below their own peaks in the constant-Q region.

    Tolerance 0.05 dB, for pairs whose half width Δ is ≥ 8 bins: the crossing is located by linear
    interpolation of the dB curves between bins (the Lorentzian dB curve has no curvature at
    −3 dB), and each peak is read on the bin grid, an underestimate of at most
    10·log10(1 + (0.5/Δ)²) ≈ 0.017 dB; the normaliser is constant on the constant-Q region.
    """
    psi = np.abs(bank.psi_ft()[:N // 2, :, 0])
    cq = set(constant_q(bank.metas).tolist())
    pairs = [g for g in sorted(cq) if g + 1 in cq and half_width_bins(bank.metas, g + 1) >= 8]
    assert len(pairs) >= 20
    for g in pairs:
        k_low, k_up = int(np.argmax(psi[:, g + 1])), int(np.argmax(psi[:, g]))
        seg = slice(k_low, k_up + 1)  # between the two peaks, where both are > 0
        upper = 20 * np.log10(psi[seg, g] / psi[:, g].max())
        lower = 20 * np.log10(psi[seg, g + 1] / psi[:, g + 1].max())
        d = upper - lower
        ks = [k for k in range(len(d) - 1) if d[k] < 0 <= d[k + 1]]
        assert len(ks) == 1, f"γ={g + 1}: {len(ks)} crossings between the peaks"
        k = ks[0]
        frac = -d[k] / (d[k + 1] - d[k])
        level = upper[k] + frac * (upper[k + 1] - upper[k])
        assert abs(level + SPEC.cutoff_in_dB) < 0.05, f"γ={g + 1}/{g + 2} cross at {level:.4f} dB"


def littlewood_paley(bank):
    psi = bank.psi_ft().reshape(N, -1)
    energy = (np.abs(psi) ** 2).sum(axis=1)
    mirrored = np.concatenate((energy[:1], energy[:0:-1]))
    return 0.5 * (energy + mirrored), np.abs(bank.phi_ft()) ** 2


def test_littlewood_paley_bounded(bank):
    """The wavelets' symmetrised sum ½[Σ|ψ̂(ω)|² + Σ|ψ̂(−ω)|²] is ≤ 1 (RLC banks are normalised on
    the symmetrised energy: Lorentzian spectra are not analytic). With the low-pass the sum stays
    bounded; it exceeds 1 where the slowly decaying gamma_1d overlaps the lowest filters, as the
    original's gammatone banks do (1.42, spec §2.4): measured 1.46, asserted < 1.5."""
    wavelets, lowpass = littlewood_paley(bank)
    lp = wavelets + lowpass
    kw = int(np.argmax(wavelets))
    assert wavelets.max() <= 1 + 1e-12, f"wavelets reach {wavelets.max():.6f} at bin {kw}"
    k = int(np.argmax(lp))
    assert lp.max() < 1.5, (f"LP max {lp.max():.6f} at bin {k} (wavelets {wavelets[k]:.6f} + "
                            f"|φ̂|² {lowpass[k]:.6f})")


def test_littlewood_paley_positive_on_band(bank):
    wavelets, lowpass = littlewood_paley(bank)
    lp = wavelets + lowpass
    band = lp[1:N // 2]
    assert band.min() > 0.3, f"LP min {band.min():.4f} at bin {1 + band.argmin()}"


# ---------------------------------------------------------------------------------------------
# propagation


@pytest.fixture(scope="module")
def rlc_archs():
    return sc_setup(OPTS)


def test_rlc_architecture_defaults(rlc_archs):
    assert rlc_archs[0].bank().spec.wavelet == "RLC_1d"
    assert rlc_archs[1].bank().spec.wavelet == "RLC_1d"
    assert rlc_archs[0].invariant.spec.invariant_handle == "gamma_1d"
    assert rlc_archs[1].invariant.spec.invariant_handle == "gamma_1d"
    assert rlc_archs[0].bank().n_gammas == 4 * 8  # nfo = max_Q = 4, J = log2(256)


def test_rlc_propagation(rlc_archs, rng):
    x = rng.standard_normal((2, 4096))
    S = sc_propagate(x, rlc_archs)
    frames = 4096 // (256 // 2)
    assert len(S) == 3
    assert S[0][0].data.shape == (2, frames)
    assert S[1][0].data.shape == (2, 32, frames)
    n2 = sum(t.data.shape[1] for t in S[2])
    assert n2 == len(S[2].paths) > 0
    for m in range(3):
        for t in S[m]:
            assert t.data.shape[0] == 2 and t.data.shape[-1] == frames, t.matlab_ref
            assert np.all(np.isfinite(t.data)), f"{t.matlab_ref} not finite"
    for m in (1, 2):
        # S1, S2 average moduli with a positive low-pass: non-negative, with energy
        for t in S[m]:
            assert t.data.min() >= -1e-10 * t.data.max(), f"{t.matlab_ref} min {t.data.min()}"
            assert np.sum(t.data ** 2) > 0, t.matlab_ref
    F, paths = sc_format(S)
    assert F.shape == (2, len(paths), frames)
