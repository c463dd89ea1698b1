"""Issue 13, "bugs found on the way": each bug of the real scattering.m scripts with its test.

* ``save_mat`` of a spiral result whose ``j`` bank is Morlet or RLC (spinned: a ``theta_j`` axis);
* ``sc_format(S, layers=[0, 1, 2])`` and ``layers=[0]`` (S0 is one feature: 2-D for one signal);
* ``display_scalogram`` given ``S[1]`` or a chunked ``U[1]``; ``scatnet.display`` after
  ``import scatnet`` (a lazy attribute, matplotlib not imported);
* files: ``save_mat`` to a missing folder or a folder, ``load_signal`` on a corrupt file,
  ``sc_stream_file`` on a missing or non-audio file: scatnet errors naming the file and the fix.
"""
import functools
import subprocess
import sys
import warnings

import matplotlib
import numpy as np
import pytest
import scipy.io

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from scatnet import (
    InputError,
    InputTypeError,
    default_filter_options,
    load_signal,
    save_mat,
    sc_format,
    sc_paths,
    sc_propagate,
    sc_setup,
    sc_stream_file,
    sc_unchunk,
    scat,
    wavelet_factory_1d,
)
from scatnet.display import display_scalogram, scalogram
from scatnet.io import AXIS_KEYS, parse_matlab_ref, tensor_to_matlab

PLAIN = [{"time": {"size": 2048, "T": 128, "max_Q": 4, "is_chunked": False}}, {"time": {}}]


@functools.cache
def spiral(wavelet):
    """A spiral set-up whose j bank is ``wavelet`` (Morlet and RLC are spinned: θ_j axis)."""
    opts = [{"time": {"size": 2048, "T": 256, "max_Q": 8, "is_chunked": False}},
            {"time": {}, "gamma": {}, "j": {"wavelet_handle": wavelet}}]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archs = sc_setup(opts)
    x = np.random.default_rng(13).standard_normal(2048)
    return sc_propagate(x, archs, return_U=True)


@functools.cache
def plain(n_signals=None):
    shape = (2048,) if n_signals is None else (n_signals, 2048)
    x = np.random.default_rng(1).standard_normal(shape)
    return sc_propagate(x, sc_setup(PLAIN), return_U=True)


def _strings(cell):
    return [str(np.asarray(v).ravel()[0]) for v in cell.ravel(order="F")]


@pytest.mark.parametrize("wavelet", ["morlet_1d", "RLC_1d"])
def test_save_mat_spiral_with_a_spinned_j_bank(wavelet, tmp_path):
    # was KeyError: 'theta_j' (6 real scripts)
    S, U = spiral(wavelet)
    spinned = [t for t in S[2] if "theta_j" in t.axes]
    assert spinned, f"{wavelet}: expected tensors with a θ_j axis"
    mat = scipy.io.loadmat(save_mat(tmp_path / wavelet, S, U, layout="both"))
    assert AXIS_KEYS["theta_j"] == "time{1}.j{1}.theta{1}"
    for t in spinned:
        layer, route, data_index = parse_matlab_ref(t.matlab_ref)
        struct = mat["S"][0, layer - 1].ravel(order="F")[route - 1]
        data = struct["data"][0, 0]
        for i in data_index:
            data = data.ravel(order="F")[i - 1]
        np.testing.assert_array_equal(data, tensor_to_matlab(t.data, batched=False),
                                      err_msg=t.matlab_ref)
        keys = _strings(struct["keys"][0, 0][0, 0])
        assert keys[-1] == "time{1}.j{1}.theta{1}", (t.matlab_ref, keys)  # added last, as MATLAB
    F, _ = sc_format(S, layout="matlab")
    np.testing.assert_array_equal(mat["F"], F)


def test_sc_format_with_order_zero():
    S, _ = plain()
    F0, _ = sc_format(S, layers=[0])
    assert F0.shape == (1, S[0][0].data.shape[-1])  # was 3-D for a 1-D signal
    np.testing.assert_array_equal(F0[0], S[0][0].data)
    F, paths = sc_format(S, layers=[0, 1, 2])  # was a crash in np.concatenate
    F12, _ = sc_format(S)
    assert F.shape == (1 + F12.shape[0], F12.shape[1]) and len(paths) == F.shape[0]
    np.testing.assert_array_equal(F[1:], F12)
    assert list(paths["order"][:2]) == [0, 1]
    assert len(sc_paths(sc_setup(PLAIN), layers=[0, 1, 2])) == len(paths)
    np.testing.assert_array_equal(sc_format(S, layers=2)[0], sc_format(S, layers=[2])[0])


def test_sc_format_with_order_zero_for_several_signals():
    S, _ = plain(3)
    F, _ = sc_format(S, layers=[0, 1])
    assert F.shape[:2] == (3, 1 + len(S[1].paths))
    np.testing.assert_array_equal(F[:, 0], S[0][0].data)
    M, _ = sc_format(S, layers=[0, 1], layout="matlab")
    np.testing.assert_array_equal(M[:3], S[0][0].data)  # channel fastest inside the path


@pytest.mark.parametrize("layers, error, match", [
    ([3], InputError, r"layers contains 3, but S has orders 0 … 2"),
    ([], InputError, r"layers is empty"),
    (["1"], InputTypeError, r"layers contains '1', which is not an integer order"),
    ([1.5], InputTypeError, r"layers contains 1\.5"),
    (object(), InputTypeError, r"must be an order or a sequence of orders"),
])
def test_sc_format_layers_errors(layers, error, match):
    with pytest.raises(error, match=match):
        sc_format(plain()[0], layers=layers)


def test_display_scalogram_of_s1_names_the_right_function():
    S, U = plain()
    with pytest.raises(InputError, match=r"U1 is S\[1\], not the first-order scalogram: "
                                         r"display_scalogram draws U\[1\].*display_scattergram"
                                         r"\(S, order=1\)") as info:
        display_scalogram(S[1])
    assert "signals" not in str(info.value)  # was: "the result holds K=32 signals" (32 γ1)
    with pytest.raises(InputError, match=r"U1 is U\[2\], not the first-order scalogram"):
        scalogram(U[2])
    plt.close("all")


def test_display_scalogram_of_chunked_u_points_to_sc_unchunk():
    archs = sc_setup([{"time": {"size": 1024, "T": 256, "is_unchunked": False}}, {"time": {}}])
    _, U = sc_propagate(np.cos(np.arange(3000.0) / 7), archs, return_U=True)
    with pytest.raises(InputError, match=r"kept in 7 chunks .*sc_unchunk\(U\)\[1\]"):
        display_scalogram(U[1])
    with pytest.raises(InputError, match=r"sc_unchunk"):
        display_scalogram(U[1], channel=0)
    picture = display_scalogram(sc_unchunk(U)[1])
    assert picture.image.shape[0] == len(U[1])
    plt.close("all")


def test_display_is_a_lazy_attribute_of_the_package():
    code = ("import sys, scatnet\n"
            "assert 'matplotlib' not in sys.modules, 'import scatnet imported matplotlib'\n"
            "sys.modules.pop('scatnet.display', None)\n"
            "scatnet.__dict__.pop('display', None)\n"
            "assert 'display' in dir(scatnet)\n"
            "assert callable(scatnet.display.display_scalogram)\n"
            "assert 'matplotlib' not in sys.modules, 'scatnet.display imported matplotlib'\n"
            "try:\n    scatnet.no_such_name\nexcept AttributeError as e:\n"
            "    assert 'no_such_name' in str(e)\nelse:\n    raise SystemExit('no error')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_save_mat_to_a_missing_folder_or_to_a_folder(tmp_path):
    S, U = plain()
    missing = tmp_path / "no" / "such" / "out.mat"
    with pytest.raises(InputError, match=r"its folder .*no.*such.* does not exist\. Create it "
                                         r"first \(os\.makedirs"):
        save_mat(missing, S)
    with pytest.raises(InputError, match=r"is a folder; pass a file name inside it"):
        save_mat(tmp_path, S)  # was: wrote <tmp_path>.mat next to the folder
    assert not tmp_path.with_name(tmp_path.name + ".mat").exists()
    (tmp_path / "taken.mat").mkdir()
    with pytest.raises(InputError, match=r"'\.mat' appended\) is a folder"):
        save_mat(tmp_path / "taken", S)
    with pytest.raises(InputTypeError, match=r"path=3 must be a file name"):
        save_mat(3, S)
    Wop, _ = wavelet_factory_1d(1024, default_filter_options("audio", 128))
    with pytest.raises(InputError, match=r"does not exist\. Create it first"):
        save_mat(missing, scat(np.ones(1024), Wop))  # the ScatNet branch too
    assert save_mat(tmp_path / "ok", S, U).name == "ok.mat"


def test_save_mat_refuses_options_in_place_of_a_result(tmp_path):
    with pytest.raises(InputTypeError, match=r"S must be the S returned by sc_propagate"):
        save_mat(tmp_path / "a.mat", PLAIN)


@pytest.mark.parametrize("content", [
    b"",
    b"hello, this is not a MAT-file\n" * 20,
    "truncated",
])
def test_load_signal_on_a_corrupt_file(tmp_path, content):
    path = tmp_path / "x.mat"
    if content == "truncated":
        scipy.io.savemat(path, {"x": np.arange(4096.0)})
        path.write_bytes(path.read_bytes()[:300])
    else:
        path.write_bytes(content)
    with pytest.raises(InputError, match=r"load_signal: '.*x\.mat' is not a MATLAB \.mat file "
                                         r"that can be read .*re-save it"):
        load_signal(path)


def test_load_signal_on_a_folder(tmp_path):
    with pytest.raises(InputError, match=r"is a folder; pass the file itself"):
        load_signal(tmp_path)


def test_sc_stream_file_errors_at_the_call(tmp_path):
    import soundfile  # noqa: F401  (a test dependency: never skipped)
    archs = sc_setup([{"time": {"size": 1024, "T": 128}}])
    with pytest.raises(InputError, match=r"sc_stream_file: sound file '.*none\.wav' does not "
                                         r"exist"):
        sc_stream_file(tmp_path / "none.wav", archs)  # raised at the call, not at next()
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF not really a wave file" * 10)
    with pytest.raises(InputError, match=r"is not a sound file that libsndfile can read"):
        sc_stream_file(bad, archs)
    with pytest.raises(InputTypeError, match=r"call archs = sc_setup\(opts\) first"):
        sc_stream_file(bad, [{"time": {"size": 1024}}])


def test_sc_stream_file_checks_block_seconds_and_channels(tmp_path):
    import soundfile
    path = tmp_path / "tone.wav"
    soundfile.write(path, np.zeros((4096, 2)), 8000)
    archs = sc_setup([{"time": {"size": 1024, "T": 128}}])
    with pytest.raises(InputError, match=r"block_seconds=0 must be a number of seconds > 0"):
        sc_stream_file(path, archs, block_seconds=0)
    with pytest.raises(InputError, match=r"channels=\[2\]: .* has 2 channel\(s\)"):
        sc_stream_file(path, archs, channels=[2])
    frames = np.concatenate(list(sc_stream_file(path, archs, channels=[1])), axis=-1)
    assert frames.shape[0] == 1
