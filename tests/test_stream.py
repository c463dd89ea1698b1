"""Streaming: blocks in, formatted S frames out, equal to the one-shot chunked result."""
import numpy as np
import pytest

from scatnet import (
    InputError,
    OptionError,
    sc_format,
    sc_paths,
    sc_propagate,
    sc_setup,
    sc_stream,
    sc_stream_file,
)

OPTS = [{"time": {"size": 1024, "T": 128, "max_Q": 2}}, {"time": {}}]


@pytest.fixture(scope="module")
def archs():
    return sc_setup(OPTS)


@pytest.mark.parametrize("length", [300, 896, 897, 1100, 5000])
@pytest.mark.parametrize("K", [None, 3])
@pytest.mark.parametrize("n_blocks, per_batch", [(1, 64), (7, 3), (50, 1)])
def test_stream_equals_one_shot(archs, rng, length, K, n_blocks, per_batch):
    x = rng.standard_normal(length if K is None else (K, length))
    expected = sc_format(sc_propagate(x, archs))[0]
    got = np.concatenate(list(sc_stream(np.array_split(x, n_blocks, axis=-1), archs,
                                        chunks_per_batch=per_batch)), axis=-1)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * np.abs(expected).max())


def test_stream_float32(archs, rng):
    x = rng.standard_normal(4000).astype(np.float32)
    got = np.concatenate(list(sc_stream(np.array_split(x, 5), archs)), axis=-1)
    assert got.dtype == np.float32
    expected = sc_format(sc_propagate(x.astype(np.float64), archs))[0]
    assert np.abs(got - expected).max() / np.abs(expected).max() < 1e-5


def _ten_minutes(fs=44100, seconds=600, block=2 ** 18):
    """A 10-minute synthetic recording generated block by block (never held whole)."""
    n_total = fs * seconds
    for start in range(0, n_total, block):
        t = np.arange(start, min(start + block, n_total)) / fs
        yield (np.sin(2 * np.pi * 440 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
               + 0.3 * np.sin(2 * np.pi * (1000 + 500 * np.sin(2 * np.pi * 0.1 * t)) * t))


def test_ten_minutes_at_44k1_stream_matches_one_shot_on_a_stretch():
    archs = sc_setup([{"time": {"size": 16384, "T": 1024, "max_Q": 2}}])
    frames, n_frames = [], 0
    for F in sc_stream(_ten_minutes(), archs):
        n_frames += F.shape[-1]
        if sum(f.shape[-1] for f in frames) < 400:
            frames.append(F)
    assert n_frames == round(44100 * 600 * 32 / 16384)
    streamed = np.concatenate(frames, axis=-1)[:, :300]
    stretch = next(iter(_ten_minutes(block=44100 * 10)))  # the first 10 s, one shot
    one_shot = sc_format(sc_propagate(stretch, archs))[0][:, :300]
    # frames far from the stretch's end only see the same samples
    np.testing.assert_allclose(streamed[:, :250], one_shot[:, :250], rtol=0,
                               atol=1e-12 * np.abs(one_shot).max())


def test_stream_file_equals_one_shot(archs, rng, tmp_path):
    import soundfile
    x = rng.standard_normal((5000, 2)) * 0.1
    path = tmp_path / "two_channels.wav"
    soundfile.write(path, x, 8000, subtype="DOUBLE")
    got = np.concatenate(list(sc_stream_file(path, archs, block_seconds=0.1)), axis=-1)
    expected = sc_format(sc_propagate(x.T.copy(), archs))[0]
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * np.abs(expected).max())


def test_paths_describe_the_streamed_features(archs, rng):
    F = np.concatenate(list(sc_stream([rng.standard_normal(3000)], archs)), axis=-1)
    assert F.shape[0] == len(sc_paths(archs))


def test_stream_needs_a_chunked_architecture():
    archs = sc_setup([{"time": {"size": 1024, "T": 128, "is_chunked": False}}])
    with pytest.raises(OptionError, match="is_chunked"):
        next(sc_stream([np.zeros(100)], archs))


def test_stream_refuses_a_change_of_K(archs):
    with pytest.raises(InputError, match="same K"):
        list(sc_stream([np.zeros((2, 3000)), np.zeros((3, 3000))], archs))


def test_empty_stream(archs):
    with pytest.raises(InputError, match="empty"):
        list(sc_stream([], archs))
