"""Numerical range: the modulus is exact over the whole floating range, so S is homogeneous.

``S(a·x) = a·S(x)`` for every a > 0 (the filters are linear and the modulus is homogeneous), as
with MATLAB's ``abs``. The plain ``sqrt(Re² + Im²)`` overflows above about 1e154 (double) or
1e19 (single) and underflows below about 1e-154 or 1e-19 (zeros, or errors of percents where the
squares are subnormal); the kernels rescale those elements by powers of two.
"""
import numpy as np
import pytest

from scatnet import default_filter_options, kernels, sc_propagate, sc_setup, scat, wavelet_factory_1d

from _reference import rel_error

PRECISIONS = {"float64": (np.float64, np.complex128), "float32": (np.float32, np.complex64)}

#: Scale factors a, by precision: the extremes of the range asked for (1e±170, 1e±30), the
#: points where the plain formula fails (double: 1e-160, 1e155; single: 1e-21 as strain-like
#: data, 1e19) and ordinary scales.
SCALES = {"float64": [1e-170, 1e-160, 1e-100, 1e3, 1e155, 1e170],
          "float32": [1e-30, 1e-21, 1e-10, 1e3, 1e19, 1e30]}
#: Tolerance of the homogeneity, relative to the largest coefficient of each S tensor: a·x
#: rounds each sample once (a is not a power of two), and every later step is linear or
#: the modulus, so the errors stay at a few ulp of the precision.
HOMOGENEITY_RTOL = {"float64": 1e-12, "float32": 1e-5}


# ---------------------------------------------------------------------------------------------
# kernels


def _extreme_values(real_dtype, rng):
    """Complex values spread over the whole floating range of ``real_dtype`` (subnormals too)."""
    fi = np.finfo(real_dtype)
    lo, hi = np.log2(float(fi.smallest_subnormal)), np.log2(float(fi.max))
    exps = rng.uniform(lo, hi - 1, size=(2, 4000))
    parts = np.exp2(exps) * rng.choice([-1.0, 1.0], size=exps.shape)
    parts[1, ::7] = parts[0, ::7] * 1e-9  # one part much smaller than the other
    parts[1, ::11] = 0.0
    y = (parts[0] + 1j * parts[1]).astype(np.result_type(real_dtype, np.complex64))
    y[:4] = [0, fi.max + 1j * fi.max, complex(fi.smallest_subnormal, fi.smallest_subnormal),
             complex(fi.max, 0)]
    return y


def _reference_abs(y):
    """``|y|`` rounded once from extended precision (``hypot`` of the long-double parts)."""
    return np.hypot(y.real.astype(np.longdouble), y.imag.astype(np.longdouble))


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
@pytest.mark.parametrize("precision", list(PRECISIONS))
def test_modulus_is_exact_over_the_floating_range(rng, precision, parallel):
    real_dtype, _ = PRECISIONS[precision]
    y = _extreme_values(real_dtype, rng)
    out = np.full(y.shape, np.nan, dtype=real_dtype)
    (kernels.modulus if parallel else kernels.modulus.serial)(y, out)
    ref = _reference_abs(y)
    assert out[1] == np.inf  # |max + i·max| = √2·max overflows, as in MATLAB
    fi = np.finfo(real_dtype)
    ok = ref <= fi.max
    normal = ok & (ref >= fi.tiny)
    ulps = np.abs(out[normal] - ref[normal]) / (ref[normal] * fi.eps)
    assert ulps.max() <= 1.0, f"{precision}: {ulps.max():.2f} ulp from the exact modulus"
    sub = ok & (ref < fi.tiny)  # subnormal results: one rounding at the subnormal spacing
    assert (np.abs(out[sub] - ref[sub]) <= float(fi.smallest_subnormal)).all()


@pytest.mark.parametrize("precision", list(PRECISIONS))
def test_modulus_keeps_the_plain_formula_in_the_normal_range(rng, precision):
    """Normal-range data give the bits of ``sqrt(Re² + Im²)`` (the parity tests' numbers)."""
    real_dtype, complex_dtype = PRECISIONS[precision]
    y = (rng.standard_normal(70000) + 1j * rng.standard_normal(70000)).astype(complex_dtype)
    y[5] *= 1e-30 if precision == "float32" else 1e-200  # one element rescaled: its task only
    out = np.empty(y.shape, real_dtype)
    kernels.modulus(y, out)
    plain = np.sqrt(y.real * y.real + y.imag * y.imag)
    keep = np.arange(y.size) != 5
    np.testing.assert_array_equal(out[keep], plain[keep])
    assert out[5] > 0 and abs(out[5] / _reference_abs(y[5:6])[0] - 1) <= np.finfo(real_dtype).eps


@pytest.mark.parametrize("precision", list(PRECISIONS))
def test_modulus_keeps_nan(precision):
    real_dtype, complex_dtype = PRECISIONS[precision]
    y = np.array([complex(np.nan, 1.0), complex(1e-300, np.nan), 3 + 4j], dtype=complex_dtype)
    out = np.zeros(3, real_dtype)
    kernels.modulus(y, out)
    assert np.isnan(out[:2]).all() and out[2] == 5


@pytest.mark.parametrize("precision", list(PRECISIONS))
@pytest.mark.parametrize("scale", [1e-3, 1.0, 4096.0])
def test_uniform_log_over_the_floating_range(rng, precision, scale):
    real_dtype, _ = PRECISIONS[precision]
    y = _extreme_values(real_dtype, rng)[4:]
    out = np.full(y.shape, np.nan, dtype=real_dtype)
    kernels.uniform_log(y, out, scale)
    a = _reference_abs(y)
    ref = np.log1p(a * scale) / scale
    big = ~np.isfinite(a * scale)  # log1p(a·scale) = log(a) + log(scale) to rounding
    ref[big] = (np.log(a[big]) + np.log(np.longdouble(scale))) / scale
    tiny = a * scale < np.finfo(np.float64).tiny  # log1p(x)/scale = a to rounding
    ref[tiny] = a[tiny]
    ref = ref.astype(real_dtype)
    assert np.isfinite(out).all()
    fi = np.finfo(real_dtype)
    np.testing.assert_allclose(out, ref, rtol=4 * fi.eps, atol=float(fi.smallest_subnormal))


# ---------------------------------------------------------------------------------------------
# homogeneity of S


def _scattering_m_tensors(archs):
    def run(x):
        return [np.asarray(t.data) for layer in sc_propagate(x, archs, n_jobs=1) for t in layer]
    return run


def _scatnet_tensors(Wop):
    def run(x):
        return [np.stack(layer.signal) for layer in scat(x, Wop, n_jobs=1)]
    return run


def _setups():
    """Per set-up: (signal length, function x ↦ list of S tensors)."""
    plain = sc_setup([{"time": {"size": 2048, "T": 128, "max_Q": 4, "is_chunked": False}},
                      {"time": {}}])
    joint = sc_setup([{"time": {"size": 2048, "T": 128, "max_Q": 8, "is_chunked": False}},
                      {"time": {}, "gamma": {}, "j": {}}])
    chunked = sc_setup([{"time": {"size": 1024, "T": 128, "max_Q": 2}}, {"time": {}}])
    Wop, _ = wavelet_factory_1d(2048, default_filter_options("audio", 256))
    return {"scattering_m-plain": (2048, _scattering_m_tensors(plain)),
            "scattering_m-spiral": (2048, _scattering_m_tensors(joint)),
            "scattering_m-chunked": (3000, _scattering_m_tensors(chunked)),
            "scatnet-scat": (2048, _scatnet_tensors(Wop))}


SETUPS = ["scattering_m-plain", "scattering_m-spiral", "scattering_m-chunked", "scatnet-scat"]


@pytest.fixture(scope="module")
def homogeneity_reference():
    """Per (set-up, precision): the transform and S(x) of one fixed signal (computed once)."""
    rng = np.random.default_rng(20240607)
    out = {}
    for name, (n, run) in _setups().items():
        x = rng.standard_normal(n)
        for precision, (real_dtype, _) in PRECISIONS.items():
            xd = x.astype(real_dtype)
            out[name, precision] = (run, xd, run(xd))
    return out


@pytest.mark.parametrize("precision", list(PRECISIONS))
@pytest.mark.parametrize("setup", SETUPS)
def test_scattering_is_homogeneous(homogeneity_reference, setup, precision):
    """``S(a·x) = a·S(x)`` to 1e-12 (double) / 1e-5 (single) for a over the floating range."""
    run, x, ref = homogeneity_reference[setup, precision]
    real_dtype = x.dtype.type
    errors = {}
    for a in SCALES[precision]:
        a = real_dtype(a)
        S = run(x * a)
        # np.max, not max: a NaN (the overflow of the plain formula) must not be skipped
        errors[f"{float(a):.0e}"] = float(np.max([rel_error(s.astype(np.float64) / float(a), r)
                                                  for s, r in zip(S, ref)]))
    worst = max(errors.values(), key=lambda e: np.inf if np.isnan(e) else e)
    assert worst <= HOMOGENEITY_RTOL[precision], (
        f"{setup} {precision}: S(a·x)/a − S(x) relative errors by a: "
        + ", ".join(f"{k}: {v:.1e}" for k, v in errors.items()))
