"""scatnet.datasets.make_harmonic_dataset: reproducible, parameters within range, the formula."""
import numpy as np
import pytest

from scatnet import OptionError, OptionTypeError
from scatnet.datasets import make_harmonic_dataset


def test_seed_reproduces_and_changes():
    X1, p1 = make_harmonic_dataset(5, N=1024, fs=8000, seed=3)
    X2, p2 = make_harmonic_dataset(5, N=1024, fs=8000, seed=3)
    X3, _ = make_harmonic_dataset(5, N=1024, fs=8000, seed=4)
    assert np.array_equal(X1, X2)
    assert all(np.array_equal(p1[k], p2[k]) for k in p1)
    assert not np.allclose(X1, X3)


def test_shapes_ranges_and_unit_rms():
    X, p = make_harmonic_dataset(40, N=2048, fs=8000, seed=0, decay=(1.0, 2.0),
                                 beat_hz=(3.0, 9.0), f0_hz=(100.0, 200.0))
    assert X.shape == (40, 2048) and X.dtype == np.float64
    assert set(p) == {"decay", "beat_hz", "f0_hz", "n_partials"}
    assert all(v.shape == (40,) for v in p.values())
    assert np.all((p["decay"] >= 1.0) & (p["decay"] <= 2.0))
    assert np.all((p["beat_hz"] >= 3.0) & (p["beat_hz"] <= 9.0))
    assert np.all((p["f0_hz"] >= 100.0) & (p["f0_hz"] <= 200.0))
    np.testing.assert_allclose(np.sqrt(np.mean(X ** 2, axis=1)), 1.0, rtol=1e-12)


def test_partials_stop_below_nyquist():
    _, p = make_harmonic_dataset(3, N=1024, fs=2000, seed=0, f0_hz=300.0, beat_hz=10.0,
                                 n_partials=12)
    # k * 300 + 10 < 1000  <=>  k <= 3
    assert p["n_partials"].tolist() == [3, 3, 3]


def test_spectrum_has_the_partials_and_the_detuned_copies():
    """One signal, 1 s long: the DFT bins of k·f0 and k·f0 + β hold the energy, with k**-α."""
    fs, N = 4000, 4000
    X, _ = make_harmonic_dataset(1, N=N, fs=fs, seed=1, f0_hz=200.0, beat_hz=10.0,
                                 decay=1.5, n_partials=4, fade_s=0.0)
    spectrum = np.abs(np.fft.rfft(X[0]))
    peaks = [200 * k for k in range(1, 5)] + [200 * k + 10 for k in range(1, 5)]
    np.testing.assert_allclose(np.sum(spectrum[peaks] ** 2), np.sum(spectrum ** 2), rtol=1e-9)
    amplitudes = spectrum[[200 * k for k in range(1, 5)]]
    np.testing.assert_allclose(amplitudes / amplitudes[0], np.arange(1, 5) ** -1.5, rtol=1e-9)


def test_beating_envelope_has_the_beat_rate():
    """The squared signal's slow part (the envelope) oscillates at the drawn β."""
    fs, N = 2000, 8000
    X, p = make_harmonic_dataset(1, N=N, fs=fs, seed=2, f0_hz=300.0, beat_hz=(4.0, 8.0),
                                 n_partials=1, fade_s=0.0)
    power = np.abs(np.fft.rfft(X[0] ** 2))
    freqs = np.fft.rfftfreq(N, 1 / fs)
    slow = (freqs > 0.5) & (freqs < 50)
    assert abs(freqs[slow][np.argmax(power[slow])] - p["beat_hz"][0]) <= fs / N


@pytest.mark.parametrize("kwargs, cls, match", [
    ({"n_signals": 0}, OptionError, r"n_signals must be an integer >= 1; got n_signals=0"),
    ({"n_signals": 2.0}, OptionTypeError, r"n_signals must be an integer"),
    ({"N": 8}, OptionError, r"N must be an integer >= 16"),
    ({"fs": -1.0}, OptionError, r"fs must be a finite number > 0"),
    ({"fs": "8k"}, OptionTypeError, r"fs must be a number"),
    ({"decay": (2.0, 1.0)}, OptionError, r"low <= high; got decay=\(2.0, 1.0\)"),
    ({"beat_hz": (0.0, 4.0)}, OptionError, r"beat_hz must be > 0"),
    ({"beat_hz": "fast"}, OptionTypeError, r"beat_hz must be a number or a \(low, high\) pair"),
    ({"decay": (1.0, 2.0, 3.0)}, OptionError, r"decay must be one finite number or a"),
    ({"f0_hz": 3990.0}, OptionError, r"must stay below fs/2 = 4000 Hz"),
    ({"fade_s": -0.1}, OptionError, r"fade_s must be >= 0"),
])
def test_errors_name_the_argument(kwargs, cls, match):
    args = {"n_signals": 2, "N": 256, "fs": 8000.0} | kwargs
    with pytest.raises(cls, match=match):
        make_harmonic_dataset(**args)
