"""ScatNet's pictures (scatnet.scatnet_1d.display), headless: Littlewood–Paley sums against
littlewood_paley.m (Octave literals) and a direct NumPy sum, scattergram images against
scattergram_layer.m (Octave literals) and a direct interpft computation, the artists drawn
(labels, scales, mesh values) and non-blank PNGs."""
import functools

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from scatnet import InputError, InputTypeError
from scatnet.datasets import example_signal
from scatnet.scatnet_1d import (
    default_filter_options,
    filter_bank,
    log_scat,
    renorm_scat,
    scat,
    wavelet_factory_1d,
)
from scatnet.scatnet_1d._post_common import interpft
from scatnet.scatnet_1d.display import (
    display_scatnet_scattergram,
    littlewood_paley,
    plot_littlewood_paley_1d,
    scattergram_layer,
)
from scatnet.scatnet_1d.layers import ScatLayer

#: Sample rate of the small scattering below (4096 samples ≈ 0.5 s).
FS = 8000.0
N = 4096

# Octave 7 (``octave-cli``), ScatNet under ../shared/upstream/scatnet, ``addpath(genpath(…))``:
#   fo = default_filter_options('audio', 256); filters = filter_bank(1024, fo);
#   lp = littlewood_paley(filters{m}); printf('%.17g', lp([1 2 100 513 1025 1500 2048]))
#   and max(lp), find(lp == max(lp), 1); for the spline bank
#   filters = filter_bank(1024, struct('filter_type', 'spline_1d', 'J', 6)).
#: 1-based MATLAB bins of the literals below.
OCTAVE_BINS = np.array([1, 2, 100, 513, 1025, 1500, 2048])
OCTAVE_LP = {
    "morlet_q8": (1.0187349294055896, 32, [1, 0.97808408295875215, 0.91324966813979336,
                                           0.81742661036959119, 0.81639620538792224,
                                           0.89337843151313223, 0.97808408295875215]),
    "morlet_q1": (1.1447859774961959, 7, [1, 0.95320691781734568, 0.99887967438716985,
                                          0.74209590478645826, 0.7470026662167617,
                                          0.67869306758325199, 0.95320691781734568]),
    "spline": (1.0000000000000138, None, [1, 1.0000000000000004, 0.99999999997930589,
                                          0.99999723719370892, 0.99984484505149795,
                                          0.9999956333181953, 1.0000000000000004]),
}


@functools.cache
def audio_banks():
    return tuple(filter_bank(1024, default_filter_options("audio", 256)))


@functools.cache
def spline_bank():
    return filter_bank(1024, {"filter_type": "spline_1d", "J": 6})[0]


@functools.cache
def scattered(channels=1):
    Wop, filters = wavelet_factory_1d(N, default_filter_options("audio", 256), {"M": 2})
    x = example_signal(N, FS)
    if channels > 1:
        x = np.stack([x, x[::-1].copy()])
    S, U = scat(x, Wop, return_U=True)
    return filters, S, U


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_png_not_blank(picture, path):
    """The saved PNG decodes to an image with more than a handful of distinct colours."""
    picture.savefig(path, dpi=50)
    pixels = plt.imread(path)
    assert path.stat().st_size > 5000 and pixels.shape[0] > 100
    assert len(np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0)) > 20


def direct_lp(bank):
    """½(E(ω) + E(−ω)) + |φ̂|², E = Σ|ψ̂|², from the full responses."""
    E = sum(np.abs(f.full()) ** 2 for f in bank.psi)
    mirror = E[(-np.arange(len(E))) % len(E)]
    return 0.5 * (E + mirror) + np.abs(bank.phi.full()) ** 2


# ---------------------------------------------------------------- Littlewood–Paley


@pytest.mark.parametrize("case", ["morlet_q8", "morlet_q1", "spline"])
def test_littlewood_paley_is_the_originals(case):
    bank = {"morlet_q8": audio_banks()[0], "morlet_q1": audio_banks()[1],
            "spline": spline_bank()}[case]
    lp = littlewood_paley(bank)
    top, argmax, values = OCTAVE_LP[case]
    assert lp.shape == (2048,)
    # the banks agree with ScatNet's to ~1e-14 (test_scatnet_filters); the sum adds ≤ 70 of them
    np.testing.assert_allclose(lp[OCTAVE_BINS - 1], values, rtol=1e-12, atol=0)
    assert lp.max() == pytest.approx(top, rel=1e-12)
    if argmax is not None:
        assert int(np.argmax(lp)) + 1 == argmax


@pytest.mark.parametrize("filter_format", ["fourier_truncated", "fourier_multires", "fourier"])
def test_littlewood_paley_is_the_direct_sum(filter_format):
    opts = dict(default_filter_options("audio", 256), filter_format=filter_format)
    for bank in filter_bank(1024, opts):
        assert bank.options["filter_format"] == filter_format
        np.testing.assert_allclose(littlewood_paley(bank), direct_lp(bank), rtol=1e-14, atol=1e-15)


def test_plot_littlewood_paley_of_all_banks(tmp_path):
    banks = audio_banks()
    picture = plot_littlewood_paley_1d(banks, fs=FS, log_frequency=True)
    assert len(picture.lp) == len(picture.fig.axes) == 2
    for bank, ax, lp, psi_sq, phi_sq, freqs in zip(banks, picture.fig.axes, picture.lp,
                                                   picture.psi_squared, picture.phi_squared,
                                                   picture.frequencies):
        np.testing.assert_array_equal(lp, littlewood_paley(bank))
        np.testing.assert_array_equal(psi_sq, [np.abs(f.full()) ** 2 / 2 for f in bank.psi])
        np.testing.assert_array_equal(phi_sq, np.abs(bank.phi.full()) ** 2)
        np.testing.assert_allclose(freqs, np.fft.fftfreq(2048) * FS)
        assert ax.get_xscale() == "log" and ax.get_xlabel() == "frequency (Hz)"
        lines = ax.get_lines()
        assert len(lines) == 1 + 1 + len(bank.psi) + 1  # LP, φ, ψs, the unit line
        positive = np.flatnonzero(freqs > 0)
        order = positive[np.argsort(freqs[positive])]
        np.testing.assert_allclose(lines[0].get_xdata(), freqs[order])
        np.testing.assert_array_equal(lines[0].get_ydata(), lp[order])  # the LP sum, red
        np.testing.assert_array_equal(lines[1].get_ydata(), phi_sq[order])
        peak = lines[2].get_xdata()[np.argmax(lines[2].get_ydata())]  # ψ1 peaks at its ξ
        assert peak == pytest.approx(bank.psi_xi[0] / (2 * np.pi) * FS, rel=0.01)
        assert min(lines[2].get_xdata()) > 0 and "Littlewood–Paley sum" in lines[0].get_label()
    assert picture.fig.axes[0].get_title().startswith("filters[0]: morlet_1d (Q = 8, J = 25)")
    assert_png_not_blank(picture, tmp_path / "lp.png")


def test_plot_littlewood_paley_of_one_bank_on_given_axes():
    fig, ax = plt.subplots()
    bank = spline_bank()
    picture = plot_littlewood_paley_1d(bank, ax=ax)
    assert picture.fig is fig and len(picture.lp) == 1
    np.testing.assert_array_equal(picture.lp[0], littlewood_paley(bank))
    assert ax.get_xscale() == "linear" and ax.get_xlabel() == "frequency (cycles/sample)"
    assert ax.get_title().startswith("spline_1d (J = 6)")
    assert min(ax.get_lines()[0].get_xdata()) == -0.5  # every bin, by frequency


def test_littlewood_paley_errors():
    with pytest.raises(InputTypeError, match="filters must be a FilterBank1D"):
        littlewood_paley(audio_banks())
    with pytest.raises(InputTypeError, match=r"filters\[1\] must be a FilterBank1D"):
        plot_littlewood_paley_1d([audio_banks()[0], "psi"])
    with pytest.raises(InputTypeError, match="non-empty tuple of banks"):
        plot_littlewood_paley_1d(())
    with pytest.raises(InputError, match="fs=0 must be a positive sample rate"):
        plot_littlewood_paley_1d(spline_bank(), fs=0)
    _, ax = plt.subplots()
    with pytest.raises(InputError, match=r"one matplotlib Axes per bank \(2\)"):
        plot_littlewood_paley_1d(audio_banks(), ax=ax)


# ---------------------------------------------------------------- scattergram_layer

# Octave 7, ScatNet's display/scattergram_layer.m (printf('%.17g ', img.')):
#   X.signal = {((1:8)'.^2)/10, [1; -2; 3; 0.5], cos((0:7)'), [2; 1]};
#   X.meta.j = [0 0 1 1; 1 3 2 3];  scattergram_layer(X, 0), scattergram_layer(X, 1)
#   Y.signal = {[1;2;3;4], [4;3], [0.5;0.25;1;2]};  Y.meta.j = [2 0 1];  scattergram_layer(Y, [])
INF = -np.inf
OCTAVE_X0 = [[INF] * 8,
             [0.099999999999999423, 0.40000000000000036, 0.90000000000000013, 1.5999999999999996,
              2.4999999999999991, 3.5999999999999996, 4.8999999999999995, 6.4000000000000004],
             [INF] * 8,
             [0.70710678118654757, -0.68305826175840789, -1.4142135623730951, 0.31694173824159216,
              2.1213203435596428, 1.5669417382415922, 0.35355339059327379, 0.56694173824159222]]
OCTAVE_X1 = [[INF] * 8, [INF] * 8,
             [1, 0.54030230586813977, -0.41614683654714246, -0.98999249660044553,
              -0.65364362086361183, 0.2836621854632263, 0.96017028665036597, 0.75390225434330449],
             [1, 0.92677669529663687, 0.75, 0.57322330470336313, 0.5, 0.57322330470336313, 0.75,
              0.92677669529663687]]
OCTAVE_Y = [[2.8284271247461903, 2.4748737341529163, 2.1213203435596428, 2.4748737341529163],
            [0.5, 0.25, 1, 2], [1, 2, 3, 4]]


def toy_layers():
    X = ScatLayer([np.arange(1, 9.0) ** 2 / 10, np.array([1, -2, 3, 0.5]), np.cos(np.arange(8.0)),
                   np.array([2.0, 1.0])], {"j": np.array([[0, 0, 1, 1], [1, 3, 2, 3]])})
    Y = ScatLayer([np.array([1, 2, 3, 4.0]), np.array([4, 3.0]), np.array([0.5, 0.25, 1, 2])],
                  {"j": np.array([[2, 0, 1]])})
    return X, Y


def test_scattergram_layer_is_the_originals():
    X, Y = toy_layers()
    np.testing.assert_allclose(scattergram_layer(X, 0), OCTAVE_X0, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(scattergram_layer(X, [1]), OCTAVE_X1, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(scattergram_layer(Y), OCTAVE_Y, rtol=1e-13, atol=1e-15)
    np.testing.assert_array_equal(scattergram_layer(Y, ()), scattergram_layer(Y))


def test_scattergram_layer_of_U1_is_interpft_scaled():
    _, _, U = scattered()
    img = scattergram_layer(U[1])
    lengths = [s.shape[-1] for s in U[1].signal]
    n = max(lengths)
    assert img.shape == (36, n) and len(set(lengths)) > 1
    for p in (0, 20, 35):  # every band lands in its row, resampled to the finest band
        x = U[1].signal[p]
        np.testing.assert_allclose(img[U[1].meta["j"][0, p]],
                                   interpft(x, n) * np.sqrt(len(x) / n), rtol=1e-13)
    p = 35  # band-limited: the even samples of a 2×-interpolated band of 4× hop are its samples
    assert lengths[p] < n
    np.testing.assert_allclose(img[35, :: n // lengths[p]] * np.sqrt(n / lengths[p]),
                               U[1].signal[p], rtol=1e-10, atol=1e-12)


def test_scattergram_layer_of_S_and_default_prefix():
    _, S, _ = scattered()
    # one length: interpft(x, 32) of a 32-sample path is x up to the FFT round trip (as in Octave)
    np.testing.assert_allclose(scattergram_layer(S[1]), np.array(S[1].signal), rtol=1e-13,
                               atol=1e-15)
    j = S[2].meta["j"]
    img = scattergram_layer(S[2], prefix_j=5)
    assert img.shape == (int(j[1].max()) + 1, 32)
    paths = np.flatnonzero(j[0] == 5)
    np.testing.assert_allclose(img[j[1, paths]], np.array([S[2].signal[p] for p in paths]),
                               rtol=1e-13, atol=1e-15)
    missing = np.setdiff1d(np.arange(img.shape[0]), j[1, paths])
    assert missing.size and np.all(np.isneginf(img[missing]))
    # default prefix: the j1 with the most second-order paths (the first such)
    np.testing.assert_array_equal(scattergram_layer(S[2]), scattergram_layer(S[2], prefix_j=0))


def test_scattergram_layer_float32():
    X, _ = toy_layers()
    X32 = X.copy(signal=[s.astype(np.float32) for s in X.signal])
    img = scattergram_layer(X32, 0)
    assert img.dtype == np.float32
    np.testing.assert_allclose(img, OCTAVE_X0, rtol=1e-6, atol=1e-6)  # float32 FFT rounding


@pytest.mark.parametrize("prefix, error, match", [
    (99, InputError, r"prefix_j=99: no path of X starts with it; available: j1 = 0 … 1"),
    ((0, 1), InputError, r"prefix_j=\(0, 1\) has 2 indices; X is of order 2, so give 1"),
    ("0", InputTypeError, r"prefix_j='0' must be an int or a sequence of ints"),
    (0.0, InputTypeError, r"prefix_j=0.0 must be an int"),
])
def test_scattergram_layer_prefix_errors(prefix, error, match):
    with pytest.raises(error, match=match):
        scattergram_layer(toy_layers()[0], prefix)


def test_scattergram_layer_other_errors():
    _, S, _ = scattered()
    with pytest.raises(InputError, match="a scattergram needs order ≥ 1"):
        scattergram_layer(S[0])
    with pytest.raises(InputError, match=r"X is of order 1; use prefix_j=None"):
        scattergram_layer(S[1], 3)
    with pytest.raises(InputTypeError, match="X must be one ScatLayer"):
        scattergram_layer(S)
    _, S2, _ = scattered(channels=2)
    with pytest.raises(InputError, match=r"K=2 signals; choose one with channel=0 … 1"):
        scattergram_layer(S2[1])


# ---------------------------------------------------------------- display_scatnet_scattergram


def test_display_first_order_in_hz(tmp_path):
    filters, S, _ = scattered()
    picture = display_scatnet_scattergram(S, filters=filters, fs=FS)
    ax = picture.fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "frequency (Hz)"
    assert ax.get_xlabel() == "time (s)" and "first-order scattergram S[1]" in ax.get_title()
    assert picture.image.shape == (36, 32) and picture.prefix_j == ()
    np.testing.assert_array_equal(picture.image, scattergram_layer(S[1]))
    np.testing.assert_allclose(picture.frequencies, filters[0].psi_xi / (2 * np.pi) * FS)
    hop = 2.0 ** S[1].meta["resolution"][0]
    np.testing.assert_allclose(picture.times, np.arange(32) * hop / FS)
    assert picture.times[-1] < N / FS
    order = np.argsort(picture.frequencies)  # rows drawn low → high frequency
    mesh = np.asarray(ax.collections[0].get_array()).reshape(picture.image.shape)
    np.testing.assert_array_equal(mesh, picture.image[order])
    assert_png_not_blank(picture, tmp_path / "s1.png")


def test_display_second_order_at_j1_by_index():
    _, S, _ = scattered()
    picture = display_scatnet_scattergram(S, order=2, prefix_j=5, log=True)
    ax = picture.fig.axes[0]
    assert "j1 = 5" in ax.get_title() and ax.get_ylabel().startswith("scale index j2")
    assert ax.yaxis_inverted() and ax.get_xlabel() == "time (samples)"
    assert picture.frequencies is None and list(picture.j) == list(range(8))
    np.testing.assert_array_equal(picture.image, scattergram_layer(S[2], 5))
    mesh = ax.collections[0].get_array()
    absent = np.isneginf(picture.image)
    assert absent.any()
    np.testing.assert_array_equal(np.ma.getmaskarray(mesh).reshape(absent.shape), absent)
    present = picture.image[~absent]
    np.testing.assert_allclose(np.ma.getdata(mesh).reshape(absent.shape)[~absent],  # < 0 → 0
                               np.log1p(np.maximum(present, 0) / np.median(present[present > 0])))


def test_display_log_renorm_scat_and_a_layer():
    filters, S, _ = scattered()
    L = log_scat(renorm_scat(S))
    picture = display_scatnet_scattergram(L, order=2, prefix_j=3, filters=filters, fs=FS,
                                          frequency_scale="linear")
    assert picture.fig.axes[0].get_yscale() == "linear"
    np.testing.assert_array_equal(picture.image, scattergram_layer(L[2], 3))
    assert (picture.image[np.isfinite(picture.image)] < 0).any()  # logarithms: shown as they are
    np.testing.assert_allclose(picture.frequencies, filters[1].psi_xi[:8] / (2 * np.pi) * FS)
    one = display_scatnet_scattergram(L[2], prefix_j=3, filters=filters[1])  # a layer, its bank
    np.testing.assert_array_equal(one.image, picture.image)
    assert one.fig.axes[0].get_ylabel() == "frequency (cycles/sample)"


def test_display_multichannel():
    _, S, _ = scattered(channels=2)
    picture = display_scatnet_scattergram(S, order=2, prefix_j=4, channel=1)
    second = ScatLayer([s[1] for s in S[2].signal], S[2].meta)  # the second signal alone
    np.testing.assert_array_equal(picture.image, scattergram_layer(second, 4))
    assert display_scatnet_scattergram(S, channel=0).image.shape == (36, 32)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"order": 3}, InputError, r"order=3 must be an order of S: 1 … 2"),
    ({"order": 0}, InputError, r"order=0 must be an order of S"),
    ({"frequency_scale": "log"}, InputError, r"frequency_scale='log' needs the filters"),
    ({"frequency_scale": "mel"}, InputError, r"frequency_scale='mel' is not one of"),
    ({"fs": -1}, InputError, r"fs=-1 must be a positive sample rate"),
    ({"order": 2, "filters": "banks"}, InputError, r"filters must be the tuple of banks"),
    ({"order": 2, "prefix_j": 40}, InputError, r"no path of S\[2\] starts with it"),
])
def test_display_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        display_scatnet_scattergram(scattered()[1], **kwargs)


def test_display_errors_on_inputs():
    filters, S, _ = scattered()
    with pytest.raises(InputTypeError, match="S must be the ScatResult of scat"):
        display_scatnet_scattergram(np.zeros((3, 4)))
    with pytest.raises(InputError, match="order=1: S is one layer, of order 2"):
        display_scatnet_scattergram(S[2], order=1)
    with pytest.raises(InputError, match="the bank has 8 wavelets but the layer uses j up to 35"):
        display_scatnet_scattergram(S, filters=filters[1])
