"""Design properties of joint time–frequency and spiral scattering (beyond the c05/c06 parity)."""
import numpy as np
import pytest

from scatnet import OptionError, default_auditory, sc_format, sc_propagate, sc_setup

N, FS = 16384, 16000.0


def _chirp(f0, f1):
    t = np.arange(N) / FS
    phase = 2 * np.pi * (f0 * t + 0.5 * (f1 - f0) / (N / FS) * t ** 2)
    return np.cos(phase) * np.hanning(N)


@pytest.fixture(scope="module")
def chirps():
    return np.stack([_chirp(300.0, 4000.0), _chirp(4000.0, 300.0)])


def _spin_energies(S, k):
    energy = np.zeros(2)
    for t in S[2]:
        if t.route == (1, 1):
            energy += (t.unpadded()[k] ** 2).sum(axis=(1, 2))
    return energy


def test_joint_spins_tell_the_direction_of_a_chirp(chirps):
    archs = sc_setup([default_auditory(N, FS, 8), {"time": {}, "gamma": {}}])
    S = sc_propagate(chirps, archs)
    up, down = _spin_energies(S, 0), _spin_energies(S, 1)
    # one spin dominates for the up-chirp, the other for the down-chirp (measured ≈ 3.1 and 0.36)
    assert up[0] / up[1] > 2.0
    assert down[1] / down[0] > 2.0


def test_plain_time_scattering_cannot_tell_the_direction(chirps):
    archs = sc_setup([default_auditory(N, FS, 8), {"time": {}}])
    F, _ = sc_format(sc_propagate(chirps, archs))
    energy_up, energy_down = (F[0] ** 2).sum(axis=-1), (F[1] ** 2).sum(axis=-1)
    # per-path energies of the two chirps agree to 1e-3 (measured 3e-4), unlike the joint spins
    assert np.linalg.norm(energy_up - energy_down) / np.linalg.norm(energy_up) < 1e-2


@pytest.mark.parametrize("Q", [12, 24])
def test_spiral_works_for_non_power_of_two_filters_per_octave(Q, rng):
    archs = sc_setup([default_auditory(N, FS, Q), {"time": {}, "gamma": {}, "j": {}}])
    x = rng.standard_normal(N)
    S = sc_propagate(x, archs)
    F, paths = sc_format(S)
    assert np.isfinite(F).all() and F.shape[0] == len(paths)
    routes = {t.route for t in S[2]}
    assert routes == {(1, 1, 1), (1, 2, 1), (1, 1, 2), (1, 2, 2)}
    for t in S[2]:
        assert t.axes[-3:] == ("octave", "chroma", "time")
        n_chromas = t.data.shape[-2]
        # an integer number of chromas per octave, Q subsampled by a power of two (the original
        # crashes here with 1.5 chromas on the φ route); the finest γ wavelets keep all Q
        assert Q % n_chromas == 0 and (Q // n_chromas) & (Q // n_chromas - 1) == 0
        if t.route[1] == 1 and t.cell["gamma_gamma"] == 1:
            assert n_chromas == Q
        assert (t.data >= -1e-12 * np.abs(t.data).max()).all()
    # energy bound: the blurred moduli of the spiral layer carry no more energy than the
    # first-order scalogram they come from (frames are ×hop, so compare per-frame energies)
    e1 = sum((t.data ** 2).sum() for t in S[1])
    e2 = sum((t.unpadded() ** 2).sum() for t in S[2])
    assert 0 < e2 < 10 * e1


@pytest.mark.parametrize("variables", [("gamma",), ("gamma", "j")])
def test_batch_equals_single(variables, rng):
    opts = [default_auditory(8192, 8192, 8), {"time": {}, **{v: {} for v in variables}}]
    archs = sc_setup(opts)
    x = rng.standard_normal((3, 8192))
    batch = sc_format(sc_propagate(x, archs))[0]
    for k in range(3):
        single = sc_format(sc_propagate(x[k], archs))[0]
        np.testing.assert_allclose(batch[k], single, rtol=0, atol=1e-13 * np.abs(single).max())


def test_U_and_Y_of_a_joint_layer(rng):
    archs = sc_setup([default_auditory(8192, 8192, 8), {"time": {}, "gamma": {}}])
    S, U, Y = sc_propagate(rng.standard_normal(8192), archs, return_U=True, return_Y=True)
    u = {t.matlab_ref[1:]: t for t in U[2]}
    for y in Y[2]:
        np.testing.assert_allclose(np.abs(y.data), u[y.matlab_ref[1:]].data, rtol=1e-12, atol=0)
    assert [t.matlab_ref[1:] for t in S[2]] == [t.matlab_ref[1:] for t in U[2]]


def test_paths_table_of_a_spiral_layer():
    archs = sc_setup([default_auditory(8192, 8192, 8), {"time": {}, "gamma": {}, "j": {}}])
    S = sc_propagate(np.cos(np.arange(8192) * 0.3), archs, fs=8192.0)
    paths = S[2].paths
    assert len(paths) == sum(int(np.prod(t.valid)) for t in S[2])
    assert set(paths["route"]) == {"ψψψ", "ψφψ", "ψψφ", "ψφφ"}
    psi = paths["route"] == "ψψψ"
    assert set(paths["theta"][psi]) == {1, 2} and (paths["gamma_j"][psi] > 0).all()
    assert np.all(np.sign(paths["xi_gamma"][psi]) == np.where(paths["theta"][psi] == 1, 1, -1))
    assert np.allclose(paths["xi2_hz"], paths["xi2"] * 8192.0)


def test_joint_layer_must_be_the_last():
    with pytest.raises(OptionError, match="last layer|opts\\[2\\]|gamma"):
        archs = sc_setup([default_auditory(8192, 8192, 8), {"time": {}, "gamma": {}}, {"time": {}}])
        sc_propagate(np.zeros(8192), archs)
