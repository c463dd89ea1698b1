"""ScatNet streaming (``sc_stream`` with a ``Wop``): frames, splitting, batches, accuracy."""
import numpy as np
import pytest

from scatnet import (
    InputError,
    InputTypeError,
    OptionError,
    default_filter_options,
    format_scat,
    sc_stream,
    scat,
    wavelet_factory_1d,
)


def _opts():
    filt_opt = default_filter_options("audio", 256)
    filt_opt["filter_format"] = "fourier"  # the same filters on any grid (no 1e-3 truncation)
    return filt_opt


@pytest.fixture(scope="module")
def wop():
    return wavelet_factory_1d(8192, _opts())[0]


def _stream(x, wop, parts, **kw):
    return np.concatenate(list(sc_stream(np.array_split(x, parts, axis=-1), wop, **kw)), axis=-1)


def test_short_signal_is_the_one_shot_table(wop, rng):
    x = rng.standard_normal(6000)
    np.testing.assert_array_equal(_stream(x, wop, 4), format_scat(scat(x, wop))[0])


def test_long_signal_matches_filters_designed_for_its_length(wop, rng):
    """Frames far from the cuts equal the one-shot transform with filters designed for the
    whole length (up to the two designs' normalisation, 3e-5); frames near a cut deviate by at
    most the documented ~5e-4 of their path's maximum (default margin 4T)."""
    x = rng.standard_normal((2, 50000))
    long_wop = wavelet_factory_1d(65536, _opts())[0]
    ref = format_scat(scat(x, long_wop))[0]
    F = _stream(x, wop, 9)
    assert F.shape == ref.shape == (2, ref.shape[1], 1 + (50000 - 1) // 128)
    err = np.abs(F - ref).max(axis=-1) / np.abs(ref).max(axis=-1)
    assert err.max() <= 1e-3 and np.median(err) <= 1e-4


def test_independent_of_how_the_input_is_split_and_batched(wop, rng):
    x = rng.standard_normal(40000)
    a = _stream(x, wop, 3)
    for parts, batch in ((17, 8), (1, 1), (5, 2)):
        b = _stream(x, wop, parts, segments_per_batch=batch)
        assert a.tobytes() == b.tobytes(), (parts, batch)


def test_bigger_margin_is_closer(wop, rng):
    x = rng.standard_normal(30000)
    ref = format_scat(scat(x, wavelet_factory_1d(32768, _opts())[0]))[0]
    errs = [np.abs(_stream(x, wop, 3, margin=m) - ref).max() for m in (512, 1024, 2048)]
    assert errs[0] > errs[1] > errs[2]


def test_errors(wop):
    with pytest.raises(OptionError, match="margin=100 must be a multiple of the hop 128"):
        list(sc_stream([np.ones(100)], wop, margin=100))
    with pytest.raises(InputTypeError, match="takes .*'margin'.*got \\['layers'\\]"):
        sc_stream([np.ones(100)], wop, layers=[1])
    with pytest.raises(InputError, match="every block must have the same K"):
        list(sc_stream([np.ones((2, 100)), np.ones((3, 100))], wop))
    with pytest.raises(InputError, match="stream was empty"):
        list(sc_stream([], wop))
    with pytest.raises(InputTypeError, match="needs an Architecture"):
        sc_stream([np.ones(10)], {"M": 2})


def test_mixed_resolutions_are_refused():
    filt_opt = default_filter_options("audio", 512)
    filt_opt["Q"] = [16, 2]  # J still computed for Q = [8 1]: orders at different resolutions
    wop = wavelet_factory_1d(8192, filt_opt)[0]
    with pytest.raises(OptionError, match="need every order at one resolution"):
        list(sc_stream([np.ones(9000)], wop))
