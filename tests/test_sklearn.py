"""scatnet.sklearn.ScatteringTransformer: scikit-learn conventions, both front ends, errors."""
import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError as SklearnNotFittedError
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from scatnet import (
    InputError,
    InputTypeError,
    OptionError,
    OptionTypeError,
    ScatnetError,
    default_auditory,
    sc_format,
    sc_propagate,
    sc_setup,
)
from scatnet.kymatio import Scattering1D
from scatnet.sklearn import NotFittedError, ScatteringTransformer

N = 512
OPTS = [{"time": {"size": N, "T": 64, "max_Q": 4, "is_chunked": False}}, {"time": {}}]


@pytest.fixture
def X(rng):
    return rng.standard_normal((6, N))


def test_get_params_round_trip_and_clone():
    st = ScatteringTransformer(J=5, Q=(4, 1), T=16, max_order=1, log=True, log_eps=1e-3)
    params = st.get_params()
    assert params == {"opts": None, "J": 5, "Q": (4, 1), "T": 16, "max_order": 1,
                      "oversampling": 0, "average": "time", "log": True, "log_eps": 1e-3,
                      "n_jobs": None}
    twin = ScatteringTransformer(**params)
    assert twin.get_params() == params
    copy = clone(st)
    assert copy is not st and copy.get_params() == params
    st.set_params(J=4, average=None)
    assert (st.J, st.average) == (4, None)
    assert copy.J == 5


def test_clone_of_fitted_is_unfitted(X):
    st = ScatteringTransformer(J=4).fit(X)
    assert hasattr(st, "scattering_")
    fresh = clone(st)
    assert not hasattr(fresh, "scattering_")
    with pytest.raises(NotFittedError, match="not fitted yet"):
        fresh.transform(X)


def test_init_stores_without_checking():
    """scikit-learn's rule: __init__ stores; a bad value is reported by fit."""
    st = ScatteringTransformer(average="frames")
    assert st.average == "frames"
    with pytest.raises(OptionError, match=r"average='frames' is not one of 'time'"):
        st.fit(np.zeros((2, N)))


def test_kymatio_features_are_time_averaged_scattering(X):
    st = ScatteringTransformer(J=5, Q=8)
    F = st.fit_transform(X)
    S = Scattering1D(J=5, shape=N, Q=8)(X)
    np.testing.assert_allclose(F, S.mean(axis=-1), rtol=1e-12, atol=0)
    assert st.frontend_ == "kymatio" and st.n_features_in_ == N
    assert st.path_orders_.tolist() == Scattering1D(J=5, shape=N, Q=8).meta()["order"].tolist()


def test_kymatio_flattened_and_log(X):
    S = Scattering1D(J=5, shape=N, Q=(4, 1), max_order=1)(X)
    flat = ScatteringTransformer(J=5, Q=(4, 1), max_order=1, average=None).fit_transform(X)
    np.testing.assert_array_equal(flat, S.reshape(len(X), -1))
    logged = ScatteringTransformer(J=5, Q=(4, 1), max_order=1, log=True, log_eps=1e-4).fit_transform(X)
    mean = S.mean(axis=-1)
    np.testing.assert_allclose(logged[:, 0], mean[:, 0])  # order 0 stays linear (can be < 0)
    np.testing.assert_allclose(logged[:, 1:], np.log(mean[:, 1:] + 1e-4), rtol=1e-12)


def test_scattering_m_features_match_sc_format(X):
    st = ScatteringTransformer(opts=OPTS)
    F = st.fit_transform(X)
    ref, paths = sc_format(sc_propagate(X, sc_setup(OPTS)))
    np.testing.assert_allclose(F, ref.mean(axis=-1), rtol=1e-12, atol=0)
    assert st.frontend_ == "scattering.m"
    assert st.path_orders_.tolist() == list(paths["order"])
    flat = ScatteringTransformer(opts=OPTS, average=None, log=True).fit_transform(X)
    np.testing.assert_allclose(flat, np.log(np.maximum(ref, 0) + 1e-6).reshape(len(X), -1),
                               rtol=1e-12)


def test_float32_stays_float32(X):
    F = ScatteringTransformer(J=4).fit_transform(X.astype(np.float32))
    assert F.dtype == np.float32


def test_pipeline_and_grid_search_pick_the_second_order(rng):
    """Amplitude-modulated white noise has a flat spectrum whatever the modulation rate: only
    the second order sees the rate, so GridSearchCV must choose max_order=2."""
    n = 48
    rates = rng.uniform(8.0, 40.0, n)  # modulation rate, cycles per N samples
    t = np.arange(N) / N
    X = (1 + 0.9 * np.cos(2 * np.pi * np.outer(rates, t))) * rng.standard_normal((n, N))
    pipe = Pipeline([("scat", ScatteringTransformer(J=6, log=True)), ("scale", StandardScaler()),
                     ("ridge", Ridge(alpha=1.0))])
    search = GridSearchCV(pipe, {"scat__max_order": [1, 2]}, cv=3, scoring="r2")
    search.fit(X, rates)
    assert search.best_params_ == {"scat__max_order": 2}
    assert search.best_score_ > 0.5
    assert search.cv_results_["mean_test_score"][0] < 0.3
    assert search.predict(X[:2]).shape == (2,)


@pytest.mark.parametrize("kwargs, cls, match", [
    ({}, OptionError, r"needs a front end: opts=\[...\].*or J=..."),
    ({"opts": OPTS, "J": 4}, OptionError, r"J=4 are Kymatio arguments but opts= selects scattering.m"),
    ({"opts": OPTS, "Q": 8}, OptionError, r"Q=8 are Kymatio arguments"),
    ({"opts": {"time": {}}}, OptionTypeError, r"opts must be a list of layer dicts"),
    ({"J": 4, "log": "yes"}, OptionTypeError, r"log must be True or False; got log='yes'"),
    ({"J": 4, "log_eps": 0.0}, OptionError, r"log_eps must be finite and > 0; got log_eps=0.0"),
    ({"J": 4, "log_eps": "tiny"}, OptionTypeError, r"log_eps must be a number > 0"),
    ({"J": 4, "max_order": 3}, OptionError, r"max_order"),
    ({"opts": [{"time": {"size": N, "T": 64, "nFilter_per_octave": 2}}]}, OptionError,
     r"nFilters_per_octave"),
])
def test_parameter_errors_are_raised_by_fit(kwargs, cls, match):
    st = ScatteringTransformer(**kwargs)
    with pytest.raises(cls, match=match):
        st.fit(np.zeros((2, N)))


def test_input_errors(X):
    st = ScatteringTransformer(J=4)
    with pytest.raises(InputError, match=r"X must be 2-D, one signal per row .* got shape=\(512,\)"):
        st.fit(X[0])
    with pytest.raises(InputTypeError, match=r"float32 or float64\); got dtype=complex128"):
        st.fit(X + 1j)
    bad = X.copy()
    bad[1, 7] = np.nan
    with pytest.raises(InputError, match=r"NaN or Inf \(first at index \(1, 7\)\)"):
        st.fit(bad)
    st.fit(X)
    with pytest.raises(InputError, match=r"signals of N=256 samples but fit saw N=512"):
        st.transform(X[:, :256])
    long = np.zeros((2, 2 * N))
    with pytest.raises(InputError, match=r"longer than opts\[0\]\['time'\]\['size'\]=512"):
        ScatteringTransformer(opts=OPTS).fit(long)


def test_not_fitted_error_is_both_kinds(X):
    with pytest.raises(SklearnNotFittedError) as info:
        ScatteringTransformer(J=4).transform(X)
    assert isinstance(info.value, ScatnetError)


def test_auditory_opts_with_integer_signals():
    st = ScatteringTransformer(opts=[default_auditory(1024, 8000, 4), {"time": {}}])
    F = st.fit_transform(np.arange(2 * 1024).reshape(2, 1024) % 7)
    assert F.shape == (2, 92) and F.dtype == np.float64


def test_missing_scikit_learn_names_the_extra():
    code = ("import sys; sys.modules['sklearn'] = None\n"
            "try:\n    import scatnet.sklearn\n"
            "except ImportError as e:\n"
            "    from scatnet import ScatnetError\n"
            "    print(type(e).__name__, isinstance(e, ScatnetError), e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("MissingDependencyError True ")
    assert "pip install 'scatnet[sklearn]'" in out.stdout
