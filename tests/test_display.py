"""Pictures (scatnet.display), headless: the arrays they return (Littlewood–Paley sum of c01's
first-order bank = the original's 1.0000; scalogram = MATLAB's display_scalogram), the artists
they draw, non-blank PNGs, and the demo's pictures."""
import functools
import io

import matplotlib  # in the test extra
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from scatnet import InputError, InputTypeError, sc_propagate, sc_setup
from scatnet.display import (
    display_bank,
    display_scalogram,
    display_scattergram,
    littlewood_paley,
    scalogram,
    scattergram,
)
from scatnet.scattering_m.result import PathTable, ScatteringLayer, Tensor

from _reference import OPTS_EXAMPLES, case_opts, case_signal

#: Sample rate of the reference signals (c01: 8192 samples = 1 s).
FS = 8192.0


@functools.cache
def scattered(case):
    archs = sc_setup(case_opts(case))
    S, U = sc_propagate(case_signal(case), archs, return_U=True, fs=FS)
    return archs, S, U


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def assert_not_blank(fig):
    """The rendered PNG decodes to an image with more than a handful of distinct colours."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    assert buffer.getbuffer().nbytes > 5000
    buffer.seek(0)
    pixels = plt.imread(buffer)
    assert len(np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0)) > 20


def test_littlewood_paley_of_c01_first_order_bank_is_the_originals():
    archs, _, _ = scattered("c01_plain")
    picture = display_bank(archs[0].bank())
    # spec §2.4: max of ½[Σ|ψ̂(ω)|² + Σ|ψ̂(−ω)|²] + |φ̂|² is 1.0000 (display_bank of the original)
    assert round(picture.lp.max(), 4) == 1.0
    psis, phi, lp = littlewood_paley(archs[0].bank())
    np.testing.assert_array_equal(picture.lp, lp)
    assert picture.psis.shape == (8192, 64) and picture.phi.shape == (8192,)
    symmetric = 0.5 * (np.sum(np.abs(psis) ** 2, 1) + np.sum(np.abs(np.roll(psis[::-1], 1, 0)) ** 2,
                                                             1)) + np.abs(phi) ** 2
    np.testing.assert_allclose(lp, symmetric, rtol=1e-13)
    lines = picture.fig.axes[0].get_lines()
    assert len(lines) == 64 + 3  # ψ, φ, LP, the unit line
    assert_not_blank(picture.fig)


def test_display_bank_in_hz_on_a_log_axis():
    archs, _, _ = scattered("c05_joint")
    picture = display_bank(archs[0].bank(), fs=FS, log_frequency=True)
    ax = picture.fig.axes[0]
    assert ax.get_xscale() == "log" and "Hz" in ax.get_xlabel()
    assert picture.frequencies.max() == pytest.approx(FS / 2 - 1)
    assert min(ax.get_lines()[0].get_xdata()) > 0
    gamma = display_bank(archs[1].bank("gamma"))  # spinned: LP not symmetrised
    assert gamma.psis.shape == (128, 6)


def _toy_layer(bands, hops):
    n = max(len(b) for b in bands)
    tensors = [Tensor(np.asarray(b, float), ("time",), {"gamma1": g + 1},
                      {"time": (1, float(h), n)}, f"U{{2}}.data{{{g + 1}}}", [(g + 1,)])
               for g, (b, h) in enumerate(zip(bands, hops))]
    paths = PathTable({"order": np.ones(len(bands), int),
                       "xi1": 0.4 / 2.0 ** np.arange(len(bands))})
    return ScatteringLayer("U", 1, tensors, paths)


def test_scalogram_resamples_like_matlab_interp1_nearest():
    layer = _toy_layer([np.arange(8.0), np.arange(4.0)], hops=[1, 2])
    np.testing.assert_array_equal(scalogram(layer, matlab_scale=True)[1],
                                  np.array([0, 0, 1, 1, 2, 2, 3, 3]) * 4)  # × band length
    np.testing.assert_array_equal(scalogram(layer)[1], np.array([0, 0, 1, 1, 2, 2, 3, 3]) / 2)
    np.testing.assert_array_equal(scalogram(layer)[0], np.arange(8.0))


def test_scalogram_is_the_full_rate_modulus():
    archs, _, U = scattered("c01_plain")
    image = scalogram(U[1])
    X = np.fft.fft(case_signal("c01_plain"))
    psis = archs[0].bank().psi_ft()[:, :, 0]
    for g in (0, 16):  # hop-1 bands are exactly |x ⋆ ψ|
        np.testing.assert_allclose(image[g], np.abs(np.fft.ifft(X * psis[:, g])), atol=1e-12)
    matlab = scalogram(U[1], matlab_scale=True)
    lengths = np.array([t.data.shape[-1] * t.ranges["time"][1] for t in U[1]])
    np.testing.assert_allclose(matlab, image * lengths[:, None], rtol=1e-13)


def test_display_scalogram_axes_and_artist():
    _, S, U = scattered("c01_plain")
    picture = display_scalogram(U[1], fs=S.fs)
    ax = picture.fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "time (s)"
    assert picture.image.shape == (64, 8192) and picture.times[-1] < 1.0
    np.testing.assert_allclose(picture.frequencies, U[1].paths["xi1"] * FS)
    mesh = ax.collections[0]
    shown = np.log1p(picture.image / np.median(picture.image))[np.argsort(picture.frequencies)]
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(shown.shape), shown)
    assert_not_blank(picture.fig)
    indexed = display_scalogram(U[1], log=False)
    assert indexed.fig.axes[0].yaxis_inverted() and "γ1" in indexed.fig.axes[0].get_ylabel()


def test_scattergram_plain_second_order():
    _, S, _ = scattered("c01_plain")
    image, gammas, t = scattergram(S)
    assert t.cell == {"gamma2": 8}  # default: the γ2 with the most γ1 paths
    np.testing.assert_array_equal(image, t.data)
    np.testing.assert_array_equal(gammas, np.arange(1, 33))
    picture = display_scattergram(S, gamma2=5, fs=S.fs)
    assert picture.image.shape == (8, 64) and "γ2 = 5" in picture.fig.axes[0].get_title()
    np.testing.assert_allclose(picture.times[1], 128 / FS)
    assert_not_blank(picture.fig)
    assert display_scattergram(S, order=1).image.shape == (64, 64)


def test_scattergram_joint_at_gamma2_gammagamma_theta():
    _, S, _ = scattered("c05_joint")
    image, gammas, t = scattergram(S, gamma2=6, gamma_gamma=2, theta=2)
    assert t.matlab_ref == "S{3}{1}.data{2}{2}"
    np.testing.assert_array_equal(image, t.unpadded()[1])  # θ = 2, γ1 cut to 16 valid rows
    np.testing.assert_array_equal(gammas, np.arange(1, 17))
    image, gammas, t = scattergram(S, gamma2=8, gamma_gamma=0)  # low-pass route along γ1
    assert t.matlab_ref == "S{3}{4}.data{4}" and list(gammas) == list(range(1, 33, 4))
    picture = display_scattergram(S, gamma2=6, gamma_gamma=2, theta=2, fs=S.fs)
    assert "θ = 2" in picture.fig.axes[0].get_title()


def test_scattergram_spiral_rows_are_octave_by_chroma():
    _, S, _ = scattered("c06_spiral")
    image, gammas, t = scattergram(S, gamma2=8, gamma_gamma=1, gamma_j=2)
    assert t.matlab_ref == "S{3}{1}.data{4}{4}"
    valid = t.unpadded()[0]  # θ = 1: (octave, chroma, time)
    np.testing.assert_array_equal(image, valid.reshape(-1, valid.shape[-1]))
    np.testing.assert_array_equal(gammas, np.arange(1, 33))
    assert display_scattergram(S, gamma2=7, gamma_gamma=0, gamma_j=0).image.shape == (6, 64)


def test_scattergram_third_order_and_single_row():
    _, S, _ = scattered("c09_order3")
    image, _, t = scattergram(S, order=3, gamma3=7, gamma2=6)
    assert t.matlab_ref == "S{4}.data{2}{2}" and image.shape == (16, 64)
    _, S, _ = scattered("c06_spiral")  # φ along γ1 and along octaves, γ2 = 5: 1 octave × 2
    picture = display_scattergram(S, gamma2=5, gamma_gamma=0, gamma_j=0, fs=S.fs,
                                  frequency_scale="linear")
    assert picture.image.shape == (2, 64) and list(picture.gammas) == [1, 5]
    edges = picture.fig.axes[0].collections[0].get_coordinates()[:, 0, 1]
    assert np.all(np.diff(edges) > 0) and edges[0] < picture.frequencies.min()


def test_scattergram_multichannel():
    _, S, U = scattered("c08_multichannel")
    image, _, t = scattergram(S, channel=2)
    np.testing.assert_array_equal(image, t.data[2])
    assert display_scalogram(U[1], channel=0).image.shape == (108, 4096)


@pytest.mark.parametrize("case, kwargs, error, match", [
    ("c01_plain", {"order": 3}, InputError, r"order=3 must be an order of S: 1 … 2"),
    ("c01_plain", {"gamma2": 2}, InputError, r"gamma2=2 is not available.*\[5, 6, 7, 8\]"),
    ("c01_plain", {"theta": 1}, InputError, "has no spin axis"),
    ("c05_joint", {"theta": 3}, InputError, "theta=3 must be 1"),
    ("c05_joint", {"gamma_gamma": 4}, InputError, r"gamma_gamma=4 is not available"),
    ("c08_multichannel", {}, InputError, r"K=3 signals; choose one with channel=0 … 2"),
    ("c08_multichannel", {"channel": 3}, InputError, r"channel=3 is out of range"),
    ("c01_plain", {"channel": 1}, InputError, "holds one signal"),
])
def test_scattergram_errors(case, kwargs, error, match):
    with pytest.raises(error, match=match):
        scattergram(scattered(case)[1], **kwargs)


def test_display_errors():
    _, S, U = scattered("c01_plain")
    with pytest.raises(InputError, match="fs=-1 must be a positive sample rate"):
        display_scattergram(S, fs=-1)
    with pytest.raises(InputTypeError, match="fs='8192' must be a positive sample rate"):
        display_bank(scattered("c01_plain")[0][0].bank(), fs="8192")
    with pytest.raises(InputError, match="frequency_scale='mel' is not one of"):
        display_scalogram(U[1], frequency_scale="mel")
    with pytest.raises(InputTypeError, match="S must be the S returned by sc_propagate"):
        scattergram(U[1])
    with pytest.raises(InputTypeError, match=r"U1 must be a layer such as U\[1\]"):
        scalogram(U)


def test_demo_writes_the_pictures(tmp_path, capsys):
    from scatnet.demo import main
    assert main(["--opts", str(OPTS_EXAMPLES / "c01_plain.py"), "--fs", "8192",
                 "--output", str(tmp_path)]) == 0
    for name in ("filterbank.png", "scalogram.png", "scattergram.png"):
        pixels = plt.imread(tmp_path / name)
        assert pixels.shape[0] > 100 and pixels.std() > 0.05, name
    assert "Littlewood–Paley sum: max 1.0000" in capsys.readouterr().out
