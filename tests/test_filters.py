"""Each filter generator against its closed form (spec §2.2–2.3), purity and periodization."""
import numpy as np
import pytest

from scatnet.scattering_m import filters

N = 512

#: (resolution, quality_factor, xi) triples: a high-frequency, a mid and a low-frequency filter.
WAVELET_PARAMS = [(1.0, 1.0, 1 / 3), (2 ** -0.25, 4.0, 1 / (1 + 2 ** 0.25)),
                  (2 ** -3, 8.0, 1 / (1 + 2 ** (1 / 8)))]


def fold(values, t, n):
    """Sum ``values`` over the integer times ``t`` congruent modulo ``n`` (periodization)."""
    out = np.zeros(n, dtype=complex)
    np.add.at(out, np.mod(t, n), values)
    return out


def amplitude(cutoff_in_dB):
    return 10.0 ** (-cutoff_in_dB / 20.0)


def morlet_closed_form(n, res, Q, xi, cutoff_in_dB=3.0, P=1):
    qr = 2.0 ** (-1.0 / Q)
    sigma_f = (1 - qr) / (1 + qr) * xi / np.sqrt(2 * np.log(1 / amplitude(cutoff_in_dB)))
    sigma_t = 1 / (2 * np.pi * sigma_f)
    t = np.arange(-n // 2 - P * n // 2, n // 2 + P * n // 2)
    u = res * t
    g = np.exp(-u ** 2 / (2 * sigma_t ** 2))
    gab = res * g * np.exp(2j * np.pi * xi * u)
    fg, ff = fold(g, t, n), fold(gab, t, n)
    return ff - ff.mean() / fg.mean() * fg


def gammatone_closed_form(n, res, Q, xi, cutoff_in_dB=3.0, order=4, P=1):
    r = amplitude(cutoff_in_dB) ** (1 / order)
    cath2 = 1 - r * r
    qp = 1 - 2 ** (-1 / Q)
    aq = qp / (order * cath2)
    alpha = r * order * np.sqrt(cath2) * np.sqrt((np.sqrt(1 + aq * aq) - 1) / 2) * xi
    t = np.arange((1 + P) * n)
    u = res * t
    z = 2 * np.pi * (1j * xi - alpha) * u
    w = res * ((order - 1) + z) * u ** (order - 2) * np.exp(z)
    w = np.roll(w, -np.argmax(np.abs(w))) * np.exp(-2j * np.pi * xi)
    return fold(w, t, n)


def assert_close(a, b, rtol, what):
    err = np.max(np.abs(a - b)) / np.max(np.abs(b))
    assert err <= rtol, f"{what}: relative error {err:.3g} > {rtol:.3g}"


# ---------------------------------------------------------------------------------------------
# wavelets


@pytest.mark.parametrize("P", [0, 1])
@pytest.mark.parametrize("res,Q,xi", WAVELET_PARAMS)
def test_morlet_closed_form_and_zero_mean(res, Q, xi, P):
    psi = filters.morlet_1d(N, resolution=res, quality_factor=Q, xi=xi, periodization_extent=P)
    assert psi.shape == (N,) and psi.dtype == np.complex128
    assert_close(psi, morlet_closed_form(N, res, Q, xi, P=P), 1e-13, "morlet vs closed form")
    assert abs(psi.sum()) <= 1e-13 * np.abs(psi).sum(), "morlet mean is not zero"


@pytest.mark.parametrize("res,Q,xi", WAVELET_PARAMS)
def test_morlet_peaks_at_its_centre_frequency(res, Q, xi):
    psi = filters.morlet_1d(N, resolution=res, quality_factor=Q, xi=xi)
    k = int(np.argmax(np.abs(np.fft.fft(psi))))
    assert abs(k - xi * res * N) <= 1, f"peak bin {k}, centre {xi * res * N:.2f}"


@pytest.mark.parametrize("cutoff", [1.0, 3.0, 6.0])
def test_morlet_neighbours_cross_at_cutoff(cutoff):
    """Two constant-Q neighbours (res, res·2^(−1/Q)) cross at cutoff_in_dB below their peaks."""
    n, Q, xi = 4096, 8.0, 1 / (1 + 2 ** (1 / 8))
    res1, res2 = 2 ** -1, 2 ** (-1 - 1 / Q)
    a = np.abs(np.fft.fft(filters.morlet_1d(n, resolution=res1, quality_factor=Q, xi=xi,
                                            cutoff_in_dB=cutoff)))
    b = np.abs(np.fft.fft(filters.morlet_1d(n, resolution=res2, quality_factor=Q, xi=xi,
                                            cutoff_in_dB=cutoff)))
    # continuous Gaussians: evaluate at the geometric midpoint between the two centres
    f_cross = xi * res1 * 2 * res2 / (res1 + res2) * n   # = f1·2q/(1+q)
    ka, kb = int(np.argmax(a)), int(np.argmax(b))
    assert kb < f_cross < ka
    grid = np.arange(n)
    level_a = np.interp(f_cross, grid, a) / a.max()
    level_b = np.interp(f_cross, grid, b) / b.max()
    # ±0.1 dB: peaks and crossing are read on the bin grid (linear interpolation near −3 dB)
    for level in (level_a, level_b):
        assert abs(20 * np.log10(level) + cutoff) < 0.1, f"crossing at {20 * np.log10(level):.3f} dB"


@pytest.mark.parametrize("P", [0, 1])
@pytest.mark.parametrize("res,Q,xi", WAVELET_PARAMS)
def test_gammatone_closed_form_and_peak_at_zero(res, Q, xi, P):
    psi = filters.gammatone_1d(N, resolution=res, quality_factor=Q, xi=xi, periodization_extent=P)
    assert psi.shape == (N,) and psi.dtype == np.complex128
    assert_close(psi, gammatone_closed_form(N, res, Q, xi, P=P), 1e-13, "gammatone vs closed form")
    assert int(np.argmax(np.abs(psi))) == 0


def test_gammatone_alpha_uses_one_minus_r_squared():
    """spec §2.2: the wavelet uses κ = 1 − r² (not its square root, as the metas do)."""
    order, c = 4, amplitude(3.0)
    r = c ** (1 / order)
    Q, xi = 2.0, 0.4
    qp = 1 - 2 ** (-1 / Q)
    aq = qp / (order * (1 - r * r))
    expected = r * order * np.sqrt(1 - r * r) * np.sqrt((np.sqrt(1 + aq * aq) - 1) / 2) * xi
    got = filters.gammatone_alpha(quality_factor=Q, xi=xi, order=order)
    assert abs(got - expected) <= 1e-15 * expected


@pytest.mark.parametrize("make", ["gammatone", "rlc"])
def test_flipping_is_time_reversal_and_conjugation(make):
    fn = {"gammatone": filters.gammatone_1d, "rlc": filters.rlc_1d}[make]
    kw = {"resolution": 2 ** -0.5, "quality_factor": 2.0, "xi": 0.4}
    psi = fn(N, **kw)
    flipped = fn(N, is_ift_flipped=True, **kw)
    expected = np.conj(psi[(-np.arange(N)) % N])
    np.testing.assert_array_equal(flipped, expected)
    # in Fourier: conjugation + time reversal = complex conjugate of the spectrum
    np.testing.assert_allclose(np.fft.fft(flipped), np.conj(np.fft.fft(psi)),
                               atol=1e-12 * np.abs(np.fft.fft(psi)).max())


def test_finitediff_columns():
    psi = filters.finitediff_1d(8)
    assert psi.shape == (8, 2) and psi.dtype == np.float64
    first = np.zeros(8)
    first[1], first[-1] = 1 / np.sqrt(6), -1 / np.sqrt(6)
    second = np.zeros(8)
    second[0], second[1], second[-1] = -2 / np.sqrt(18), 1 / np.sqrt(18), 1 / np.sqrt(18)
    np.testing.assert_array_equal(psi[:, 0], first)
    np.testing.assert_array_equal(psi[:, 1], second)
    assert psi.sum(axis=0) == pytest.approx([0, 0], abs=1e-16)


# ---------------------------------------------------------------------------------------------
# low-pass filters


@pytest.mark.parametrize("T,mult", [(8, 2.0), (64, 2.0), (64, 1.0), (128, 3.0)])
def test_gaussian_closed_form_unit_sum_symmetric(T, mult):
    phi = filters.gaussian_1d(N, T=T, phi_bw_multiplier=mult)
    n = np.where(np.arange(N) < N // 2, np.arange(N), np.arange(N) - N)
    h = mult * T / 2
    expected = 10.0 ** (-(n / h) ** 2)
    expected /= expected.sum()
    assert_close(phi, expected, 1e-13, "gaussian vs closed form")
    assert phi.sum() == pytest.approx(1.0, abs=1e-14)
    np.testing.assert_array_equal(phi[1:N // 2], phi[N - 1:N // 2:-1])  # φ(n) = φ(−n)
    assert int(np.argmax(phi)) == 0


@pytest.mark.parametrize("T", [16, 64, 256])
def test_gamma_unit_sum_peak_at_zero_closed_form(T):
    n_grid = 4096
    phi = filters.gamma_1d(n_grid, T=T)
    assert phi.sum() == pytest.approx(1.0, abs=1e-14)
    assert int(np.argmax(phi)) == 0
    alpha = np.sqrt(1.2) / (T / 4)
    n = np.arange(1, n_grid + 1)
    p = n ** 0.2 * np.exp(-alpha * n)
    peak = int(np.argmax(p))  # 0-based index of the maximum, n = peak + 1
    assert_close(phi, np.roll(p, -peak) / p.sum(), 1e-13, "gamma vs closed form")
    # the few samples before the peak wrap to the end: an anticausal tail of length `peak`
    if peak:
        assert phi[-peak] == pytest.approx(p[0] / p.sum(), rel=1e-13)


def test_gamma_tc1_peak_position():
    """spec §2.3: T = 256 → the maximum is at n = 12 (shift −11)."""
    phi = filters.gamma_1d(65536, T=256)
    alpha = np.sqrt(1.2) / 64
    ratio = phi[0] / phi[-11]  # p(12) / p(1)
    assert ratio == pytest.approx(12 ** 0.2 * np.exp(-11 * alpha), rel=1e-12)


@pytest.mark.parametrize("T", [2, 8, 32])
def test_rectangular_values(T):
    phi = filters.rectangular_1d(N, T=T)
    value = 1 / (np.sqrt(1 + T) * np.sqrt(3))
    support = np.arange(-(T // 2), T // 2 + 1) % N
    expected = np.zeros(N)
    expected[support] = value
    np.testing.assert_array_equal(phi, expected)
    if T == 2:
        assert phi[0] == pytest.approx(1 / 3, rel=1e-15)


# ---------------------------------------------------------------------------------------------
# purity and periodization

CALLS = [
    ("morlet_1d", lambda: filters.morlet_1d(N, resolution=0.5, quality_factor=4.0, xi=0.4)),
    ("gammatone_1d", lambda: filters.gammatone_1d(N, resolution=0.5, quality_factor=4.0, xi=0.4)),
    ("rlc_1d", lambda: filters.rlc_1d(N, resolution=0.5, quality_factor=4.0, xi=0.4)),
    ("finitediff_1d", lambda: filters.finitediff_1d(N)),
    ("gaussian_1d", lambda: filters.gaussian_1d(N, T=32)),
    ("gamma_1d", lambda: filters.gamma_1d(N, T=32)),
    ("rectangular_1d", lambda: filters.rectangular_1d(N, T=32)),
]


@pytest.mark.parametrize("name,call", CALLS, ids=[c[0] for c in CALLS])
def test_filters_are_pure(name, call):
    first = call()
    # interleave other calls: no hidden state may change the result
    for _, other in CALLS:
        other()
    second = call()
    assert first is not second
    np.testing.assert_array_equal(first, second)
    first[...] = 0  # mutating a returned array does not leak into later calls
    np.testing.assert_array_equal(call(), second)


def test_array_arguments_are_not_mutated():
    q = np.array([1.0, 2.0, 8.0])
    q_copy = q.copy()
    filters.gammatone_alpha(quality_factor=q, xi=0.4)
    filters.rlc_decay(resolution=1.0, quality_factor=q, xi=0.4)
    np.testing.assert_array_equal(q, q_copy)


@pytest.mark.parametrize("name,fn,params", [
    ("morlet_1d", filters.morlet_1d, {"resolution": 1.0, "quality_factor": 1.0, "xi": 1 / 3}),
    ("morlet_1d", filters.morlet_1d, {"resolution": 0.5, "quality_factor": 4.0, "xi": 0.45}),
    ("gammatone_1d", filters.gammatone_1d, {"resolution": 1.0, "quality_factor": 1.0, "xi": 1 / 3}),
    ("rlc_1d", filters.rlc_1d, {"resolution": 1.0, "quality_factor": 1.0, "xi": 1 / 3}),
])
def test_periodization_negligible_for_localized_filters(name, fn, params):
    """Well-localised filters (support ≪ N): folding one more period changes nothing visible."""
    p0 = fn(N, periodization_extent=0, **params)
    p1 = fn(N, periodization_extent=1, **params)
    assert np.max(np.abs(p1 - p0)) <= 1e-12 * np.max(np.abs(p0)), name


def test_periodization_matters_for_wide_filters():
    """Control: a filter as long as the grid is visibly changed by periodization."""
    params = {"resolution": 2 ** -5, "quality_factor": 8.0, "xi": 0.45}
    p0 = filters.morlet_1d(128, periodization_extent=0, **params)
    p1 = filters.morlet_1d(128, periodization_extent=1, **params)
    assert np.max(np.abs(p1 - p0)) > 1e-3 * np.max(np.abs(p0))
