"""sc_backpropagate: exact adjoints of every linear stage, and the gradient of ⟨S(x), dS⟩.

Each linear stage of a layer (blur, time scatter, joint/spiral filtering, the linearised
modulus) passes the dot-product test ⟨A u, v⟩ = ⟨u, A^H v⟩ to 1e-10; the whole cascade matches
central finite differences to 1e-6 for time scattering at orders 1, 2 and 3, joint and spiral
layers, and chunked signals (Tukey and Hann windows).
"""
import numpy as np
import pytest

from scatnet import (
    InputError,
    OptionError,
    default_auditory,
    sc_backpropagate,
    sc_propagate,
    sc_setup,
)
from scatnet._core import fft as fftb
from scatnet._core.filtering import apply_step
from scatnet.scattering_m import joint
from scatnet.scattering_m.synthesis.adjoint import joint_adjoint, nonlinearity_adjoint, step_adjoint

N = 1024
#: Central differences of a function with third derivative ~1 at step 1e-5: error ~1e-10 of
#: the value; the gradient must agree to this relative tolerance.
GRAD_RTOL = 1e-6
#: Dot-product tests: linear maps in float64, up to rounding of sums over ~1e5 terms.
ADJ_RTOL = 1e-10

CASES = {
    "order1": [{"time": {"size": N, "T": 128, "is_chunked": False}}],
    "order2": [default_auditory(N, N, 4), {"time": {}}],
    "order3": [default_auditory(N, N, 4), {"time": {}}, {"time": {}}],
    "joint": [default_auditory(N, N, 4), {"time": {}, "gamma": {}}],
    "spiral": [default_auditory(N, N, 4), {"time": {}, "gamma": {}, "j": {}}],
}
CHUNKED = {
    "tukey": ([{"time": {"size": N, "T": 64, "is_unchunked": False}}, {"time": {}}], 3000),
    "hann": ([{"time": {"size": N, "T": 64, "is_unchunked": False, "windowing": "hann"}}], 2500),
}


def _random_like(S, rng):
    """A random dS laid out as S (its tensors overwritten in place)."""
    for layer in S:
        for t in layer:
            t.data[...] = rng.standard_normal(t.data.shape)
    return S


def _pairing(archs, dS):
    def f(x):
        S = sc_propagate(x, archs)
        return sum(float(np.sum(a.data * b.data)) for la, lb in zip(S, dS) for a, b in zip(la, lb))
    return f


def _check_gradient(archs, x, rng):
    S, U, Y = sc_propagate(x, archs, return_U=True, return_Y=True)
    dS = _random_like(S, rng)
    g = sc_backpropagate(dS, U, Y, archs)
    assert g.shape == x.shape
    f = _pairing(archs, dS)
    v = rng.standard_normal(x.shape)
    eps = 1e-5
    fd = (f(x + eps * v) - f(x - eps * v)) / (2 * eps)
    an = float(np.sum(g * v))
    err = abs(fd - an) / abs(an)
    assert err < GRAD_RTOL, f"finite differences {fd} vs gradient {an}: relative error {err:.2e}"


@pytest.mark.parametrize("case", list(CASES))
def test_gradient_matches_finite_differences(case, rng):
    archs = sc_setup(CASES[case])
    _check_gradient(archs, rng.standard_normal(N), rng)


@pytest.mark.parametrize("case", list(CHUNKED))
def test_gradient_chunked(case, rng):
    opts, L = CHUNKED[case]
    archs = sc_setup(opts)
    _check_gradient(archs, rng.standard_normal(L), rng)


def test_gradient_batch_equals_single(rng):
    archs = sc_setup(CASES["order2"])
    x = rng.standard_normal((2, N))
    S, U, Y = sc_propagate(x, archs, return_U=True, return_Y=True)
    g = sc_backpropagate(S, U, Y, archs)
    S1, U1, Y1 = sc_propagate(x[1], archs, return_U=True, return_Y=True)
    np.testing.assert_allclose(g[1], sc_backpropagate(S1, U1, Y1, archs), rtol=1e-12, atol=1e-12)


def _dot_real(a, b):
    return float(np.sum((np.conj(a) * b).real))


@pytest.mark.parametrize("case", ["order2", "order3", "joint", "spiral"])
def test_blur_and_scatter_adjoints(case, rng):
    archs = sc_setup(CASES[case])
    walk = archs.walk()
    B = 2
    for lw in walk.layers:
        lengths = [g.length for g in lw.groups]
        u = [rng.standard_normal((B, len(g.rows), g.length)) for g in lw.groups]
        spectra = [fftb.rfft(a, 1) for a in u]
        def buffer(n):
            return np.empty(n, np.complex128)
        steps = [(lw.blur, True)] + ([(lw.scatter, False)] if lw.scatter is not None else [])
        for step, hermitian in steps:
            outs, _ = apply_step(step, spectra, lengths, hermitian, np.complex128, B, buffer)
            if hermitian:
                y = [fftb.irfft(o, g.length, 1) for o, g in zip(outs, step.out_groups)]
                v = [rng.standard_normal(a.shape) for a in y]
                G = [fftb.rfft(a, 1) for a in v]
            else:
                y = [fftb.ifft(o, 1) for o in outs]
                v = [rng.standard_normal(a.shape) + 1j * rng.standard_normal(a.shape) for a in y]
                G = [fftb.fft(a, 1) for a in v]
            H = [np.zeros((B, len(g.rows), g.length // 2 + 1), complex) for g in lw.groups]
            step_adjoint(walk, step, G, hermitian, lengths, H, np.complex128)
            adj = [fftb.irfft(h, n, 1) for h, n in zip(H, lengths)]
            lhs = sum(_dot_real(a, b) for a, b in zip(y, v))
            rhs = sum(_dot_real(a, b) for a, b in zip(u, adj))
            assert abs(lhs - rhs) <= ADJ_RTOL * abs(lhs), (case, lw.order, hermitian, lhs, rhs)


@pytest.mark.parametrize("case", ["joint", "spiral"])
def test_joint_adjoint(case, rng):
    archs = sc_setup(CASES[case])
    walk = archs.walk()
    lw = next(lw for lw in walk.layers if lw.joint is not None)
    B = 2
    Yt = [rng.standard_normal((B, len(g.rows), g.length))
          + 1j * rng.standard_normal((B, len(g.rows), g.length)) for g in lw.scatter.out_groups]
    Z, V = [], []
    for block in lw.joint:
        out = np.empty((B, block.n_rows, block.length), complex)
        joint.run_into(block, np.ascontiguousarray(Yt[block.out_group][:, block.local_rows]),
                       np.complex128, 1, out)
        Z.append(out)
        V.append(rng.standard_normal(out.shape) + 1j * rng.standard_normal(out.shape))
    back = joint_adjoint(walk, lw, V, lw.scatter.out_groups, np.complex128)
    lhs = sum(_dot_real(z, v) for z, v in zip(Z, V))
    rhs = sum(_dot_real(y, b) for y, b in zip(Yt, back))
    assert abs(lhs - rhs) <= ADJ_RTOL * abs(lhs)


def test_modulus_linearisation_adjoint(rng):
    Y = rng.standard_normal((2, 3, 64)) + 1j * rng.standard_normal((2, 3, 64))
    Y[0, 0, 0] = 0  # the gradient is 0 there (no NaN)
    dY = rng.standard_normal(Y.shape) + 1j * rng.standard_normal(Y.shape)
    dU = rng.standard_normal(Y.shape)
    mod = np.abs(Y)
    jvp = np.divide((np.conj(Y) * dY).real, mod, out=np.zeros_like(mod), where=mod > 0)
    vjp = nonlinearity_adjoint(None, dU, Y)
    assert np.all(np.isfinite(vjp)) and vjp[0, 0, 0] == 0
    lhs, rhs = float(np.sum(jvp * dU)), _dot_real(vjp, dY)
    assert abs(lhs - rhs) <= ADJ_RTOL * abs(lhs)


def test_uniform_log_gradient(rng):
    archs = sc_setup([default_auditory(N, N, 4),
                      {"time": {}, "nonlinearity": {"name": "uniform_log"}}])
    _check_gradient(archs, rng.standard_normal(N), rng)


def test_duals_options_accepted(rng):
    opts = [default_auditory(N, N, 4), {"time": {"duality": "pseudo-inverse"}}]
    opts[0]["time"]["has_duals"] = True
    x = rng.standard_normal(N)
    S, U, Y = sc_propagate(x, sc_setup(opts), return_U=True, return_Y=True)
    g = sc_backpropagate(S, U, Y, sc_setup(opts))
    S2, U2, Y2 = sc_propagate(x, sc_setup(CASES["order2"]), return_U=True, return_Y=True)
    np.testing.assert_array_equal(g, sc_backpropagate(S2, U2, Y2, sc_setup(CASES["order2"])))


def test_returns_dU_dY(rng):
    archs = sc_setup(CASES["joint"])
    S, U, Y = sc_propagate(rng.standard_normal(N), archs, return_U=True, return_Y=True)
    g, dU, dY = sc_backpropagate(S, U, Y, archs, return_dU=True, return_dY=True)
    assert dU.kind == "U" and dY.kind == "Y"
    for a, b in zip(dU, U):
        assert [t.data.shape for t in a] == [t.data.shape for t in b]
    for a, b in zip(dY, Y):
        assert [t.data.shape for t in a] == [t.data.shape for t in b]
        assert all(np.iscomplexobj(t.data) for t in a)
    np.testing.assert_allclose(dU[0][0].data, g, rtol=1e-12)


def test_unchunked_chunked_outputs_refused(rng):
    archs = sc_setup([{"time": {"size": N, "T": 64}}])
    S, U, Y = sc_propagate(rng.standard_normal(3000), archs, return_U=True, return_Y=True)
    with pytest.raises(InputError, match="is_unchunked"):
        sc_backpropagate(S, U, Y, archs)


def test_cut_outputs_refused(rng):
    archs = sc_setup(CASES["order2"])
    S, U, Y = sc_propagate(rng.standard_normal(N - 100), archs, return_U=True, return_Y=True)
    with pytest.raises(InputError, match="cut or unchunked"):
        sc_backpropagate(S, U, Y, archs)


def test_wrong_kinds_refused(rng):
    archs = sc_setup(CASES["order2"])
    S, U, Y = sc_propagate(rng.standard_normal(N), archs, return_U=True, return_Y=True)
    with pytest.raises(InputError, match="kind 'Y'"):
        sc_backpropagate(S, U, U, archs)
    with pytest.raises(InputError, match="kind 'S'"):
        sc_backpropagate(U, U, Y, archs)
    other = sc_setup(CASES["order3"])
    with pytest.raises(InputError, match="same archs"):
        sc_backpropagate(S, U, Y, other)


def test_nan_in_dS_refused(rng):
    archs = sc_setup(CASES["order1"])
    S, U, Y = sc_propagate(rng.standard_normal(N), archs, return_U=True, return_Y=True)
    S[1][0].data[0, 0] = np.nan
    with pytest.raises(InputError, match="NaN"):
        sc_backpropagate(S, U, Y, archs)


def test_custom_nonlinearity_refused(rng):
    archs = sc_setup([default_auditory(N, N, 4),
                      {"time": {}, "nonlinearity": {"handle": np.abs}}])
    S, U, Y = sc_propagate(rng.standard_normal(N), archs, return_U=True, return_Y=True)
    with pytest.raises(OptionError, match="derivative"):
        sc_backpropagate(S, U, Y, archs)
