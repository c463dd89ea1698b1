"""sc_reconstruct and fill_reconstruction_opt: loss decreases, options checked, seeded runs repeat."""
import numpy as np
import pytest

from scatnet import (
    IgnoredOptionWarning,
    InputError,
    OptionError,
    OptionTypeError,
    default_auditory,
    fill_reconstruction_opt,
    sc_norm,
    sc_propagate,
    sc_reconstruct,
    sc_setup,
    sc_substract,
)
from scatnet.datasets import example_signal

N = 1024
QUIET = {"is_verbose": False}


@pytest.fixture(scope="module")
def setup():
    archs = sc_setup([default_auditory(N, 8000, 4), {"time": {}}])
    return archs, example_signal(N, 8000.0)


@pytest.mark.parametrize("method", ["bold_driver", "lbfgs"])
def test_loss_decreases(setup, method):
    archs, x = setup
    r = sc_reconstruct(x, archs, {**QUIET, "nIterations": 15}, method=method, rng=0)
    assert r.signal.shape == x.shape
    assert len(r.loss_history) >= 10
    assert r.loss_history[-1] < 0.5 * r.initial_loss
    if method == "bold_driver":  # accepted steps never increase the loss
        assert np.all(np.diff(r.loss_history) <= 0)
    # the history is sc_norm's relative loss of the returned signal
    target_S = sc_propagate(x, archs)
    total, _ = sc_norm(sc_substract(target_S, sc_propagate(r.signal, archs)))
    np.testing.assert_allclose(100 * total / sc_norm(target_S)[0], r.loss_history[-1],
                               rtol=1e-9)


def test_seed_reproducible(setup):
    archs, x = setup
    opt = {**QUIET, "nIterations": 3}
    a = sc_reconstruct(x, archs, opt, rng=7)
    b = sc_reconstruct(x, archs, opt, rng=7)
    c = sc_reconstruct(x, archs, opt, rng=8)
    np.testing.assert_array_equal(a.signal, b.signal)
    np.testing.assert_array_equal(a.loss_history, b.loss_history)
    assert not np.array_equal(a.signal, c.signal)


def test_initial_signal_and_snapshots(setup, rng):
    archs, x = setup
    init = rng.standard_normal(N)
    r = sc_reconstruct(x, archs, {**QUIET, "nIterations": 4, "initial_signal": init,
                                  "snapshot_period": 2})
    assert sorted(r.snapshots) == [2, 4]
    np.testing.assert_array_equal(r.snapshots[4], r.signal)
    with pytest.raises(InputError, match="initial_signal"):
        sc_reconstruct(x, archs, {**QUIET, "initial_signal": init[:10]})


def test_thresholding_and_regularisation_run(setup):
    archs, x = setup
    r = sc_reconstruct(x, archs, {**QUIET, "nIterations": 3, "target_min": -1.0,
                                  "target_max": 1.0, "regularizer": 1e-3}, rng=0)
    assert r.reconstruction_opt["is_thresholded"] and r.reconstruction_opt["is_regularized"]
    b = sc_reconstruct(x, archs, {**QUIET, "nIterations": 3, "target_min": -1.0,
                                  "target_max": 1.0}, method="lbfgs", rng=0)
    assert b.signal.min() >= -1.0 and b.signal.max() <= 1.0


def test_chunked_target(rng):
    archs = sc_setup([{"time": {"size": 512, "T": 64}}, {"time": {}}])
    x = np.sin(np.arange(1500) / 5.0)
    r = sc_reconstruct(x, archs, {**QUIET, "nIterations": 5}, rng=0)
    assert r.signal.shape == (1500,) and r.loss_history[-1] < r.initial_loss


def test_verbose_reports_progress(setup, capsys, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_tqdm(name, *args, **kwargs):
        if name.startswith("tqdm"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    archs, x = setup
    sc_reconstruct(x, archs, {"nIterations": 4, "verbosity_period": 2}, rng=0)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("it = 2") and "Loss = " in lines[0]


def test_defaults():
    opt = fill_reconstruction_opt()
    assert (opt["nIterations"], opt["initial_learning_rate"], opt["momentum"],
            opt["bold_driver_accelerator"], opt["bold_driver_brake"], opt["is_verbose"],
            opt["verbosity_period"], opt["snapshot_period"]) == (100, 0.1, 0.9, 1.1, 0.5, True,
                                                                 10, 0)
    assert not opt["is_regularized"] and not opt["is_thresholded"]
    assert list(opt) == sorted(opt)
    assert fill_reconstruction_opt({"is_regularized": True})["regularizer"] == 0.1


@pytest.mark.parametrize("opt, error, match", [
    ({"nIteration": 5}, OptionError, "did you mean 'nIterations'"),
    ({"bold_driver_break": 0.5}, OptionError, "did you mean 'bold_driver_brake'"),
    ({"nIterations": 0}, OptionError, r"nIterations.*\[1, inf\]"),
    ({"nIterations": 2.5}, OptionTypeError, "integer"),
    ({"bold_driver_brake": 1.5}, OptionError, r"\(0, 1\)"),
    ({"momentum": 1.0}, OptionError, "momentum"),
    ({"is_verbose": "yes"}, OptionTypeError, "True or False"),
    ({"target_min": 0.0}, OptionError, "target_max too"),
    ({"target_min": 1.0, "target_max": 0.0}, OptionError, "below target_max"),
])
def test_bad_options(opt, error, match):
    with pytest.raises(error, match=match):
        fill_reconstruction_opt(opt)


def test_bad_calls(setup):
    archs, x = setup
    with pytest.raises(OptionError, match="did you mean"):
        sc_reconstruct(x, archs, {"nIteration": 5})
    with pytest.raises(InputError, match="method="):
        sc_reconstruct(x, archs, QUIET, method="adam")
    with pytest.raises(InputError, match="one signal"):
        sc_reconstruct(np.stack([x, x]), archs, QUIET)
    with pytest.warns(IgnoredOptionWarning, match="is_displayed"):
        fill_reconstruction_opt({"is_displayed": True})
