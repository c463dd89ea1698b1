"""sc_norm (export version, spec §4 TC1 figures), sc_substract, generate_colored_noise,
sc_propagate_renorm."""
import numpy as np
import pytest

from scatnet import (
    InputError,
    OptionError,
    default_auditory,
    generate_colored_noise,
    sc_norm,
    sc_propagate,
    sc_propagate_renorm,
    sc_setup,
    sc_substract,
)

#: The spec's TC1 figures are printed to 12 significant digits.
TC1_RTOL = 1e-10


def _tc1_signal():
    n = np.arange(8192)
    x = np.cos(2 * np.pi * 440 * n / 8192) * (1 + 0.5 * np.cos(2 * np.pi * 4 * n / 8192))
    x[3000] += 0.5
    return x


@pytest.fixture(scope="module")
def tc1():
    archs = sc_setup([default_auditory(8192, 8192, 8), {"time": {}}])
    return archs, sc_propagate(_tc1_signal(), archs)


def test_sc_norm_tc1(tc1):
    _, S = tc1
    total, layers = sc_norm(S)
    np.testing.assert_allclose(layers, [0.137538555785, 349.126365793, 1.1904721488],
                               rtol=TC1_RTOL)
    np.testing.assert_allclose(total, 350.454376498, rtol=TC1_RTOL)


def test_sc_norm_layers_and_batch(tc1):
    archs, S = tc1
    total, layers = sc_norm(S, layers=[2])
    assert layers[0] == layers[1] == 0 and total == layers[2]
    x = _tc1_signal()
    Sb = sc_propagate(np.stack([x, 2 * x]), archs)
    tb, lb = sc_norm(Sb)
    assert tb.shape == (2,) and lb.shape == (2, 3)
    np.testing.assert_allclose(lb[1], 2 * lb[0], rtol=1e-12)
    with pytest.raises(InputError, match="orders 0"):
        sc_norm(S, layers=[5])


def test_sc_norm_joint_uses_unpadded_features(rng):
    archs = sc_setup([default_auditory(1024, 1024, 4), {"time": {}, "gamma": {}}])
    S = sc_propagate(rng.standard_normal(1024), archs)
    _, layers = sc_norm(S)
    from scatnet import sc_format
    F, _ = sc_format(S, layers=[2])
    expected = np.sqrt((F ** 2).sum(axis=0)).sum() / np.sqrt(F.shape[-1]) / 4
    np.testing.assert_allclose(layers[2], expected, rtol=1e-12)


def test_sc_substract(tc1, rng):
    archs, S = tc1
    S2 = sc_propagate(rng.standard_normal(8192), archs)
    d = sc_substract(S, S2)
    assert d.kind == "S"
    for la, lb, ld in zip(S, S2, d):
        for a, b, c in zip(la, lb, ld):
            np.testing.assert_array_equal(c.data, a.data - b.data)
    with pytest.raises(InputError, match="kind 'S'"):
        sc_substract(S, [1, 2])


def test_sc_substract_shorter_time_range(rng):
    archs = sc_setup([{"time": {"size": 1024, "T": 64}}])
    a = sc_propagate(rng.standard_normal(3000), archs)
    b = sc_propagate(rng.standard_normal(2000), archs)
    d = sc_substract(a, b)
    n = b[1][0].data.shape[-1]
    np.testing.assert_array_equal(d[1][0].data, a[1][0].data[..., :n] - b[1][0].data)
    assert d[1][0].ranges["time"][2] == 2000


def test_colored_noise_spectrum_and_seed(rng):
    x = rng.standard_normal(1000)
    y = generate_colored_noise(x, rng=3)
    np.testing.assert_allclose(np.abs(np.fft.rfft(y)), np.abs(np.fft.rfft(x)), rtol=1e-10,
                               atol=1e-10)
    np.testing.assert_array_equal(y, generate_colored_noise(x, rng=3))
    assert not np.allclose(y, generate_colored_noise(x, rng=4))
    odd = generate_colored_noise(x[:999], rng=np.random.default_rng(0))
    assert odd.shape == (999,)
    batch = generate_colored_noise(np.stack([x, x]), rng=0)
    assert batch.shape == (2, 1000) and not np.allclose(batch[0], batch[1])
    with pytest.raises(InputError, match=r"\(N,\) or \(K, N\)"):
        generate_colored_noise(np.zeros((2, 2, 2)))


def test_propagate_renorm(tc1):
    archs, S = tc1
    x = _tc1_signal()
    ren, _ = sc_propagate_renorm(x, archs)
    sabs0 = sc_propagate(np.abs(x), archs)[0][0].data
    np.testing.assert_array_equal(ren[0][0].data, sabs0)
    eps = np.finfo(float).eps
    np.testing.assert_allclose(ren[1][0].data, S[1][0].data / (eps + np.maximum(sabs0, 0)),
                               rtol=1e-14)
    s1 = S[1][0].data
    for t, tr in zip(S[2], ren[2]):
        rows = [g1 - 1 for g1, _ in t.paths]  # S1 starts at γ1 = 1 here
        np.testing.assert_allclose(tr.data, t.data / (eps + np.maximum(s1[rows], 0)), rtol=1e-14)


def test_propagate_renorm_refuses_three_layers():
    archs = sc_setup([default_auditory(1024, 1024, 4), {"time": {}}, {"time": {}}])
    with pytest.raises(OptionError, match="one or two layers"):
        sc_propagate_renorm(np.ones(1024), archs)
