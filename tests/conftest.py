"""Shared test fixtures and the Hypothesis profile (STYLE G13).

* one seeded ``rng`` fixture: every random input of the suite comes from it (or from Hypothesis,
  which is derandomised), so a failure reproduces exactly;
* Hypothesis runs with ``derandomize=True`` (the same examples every run) and ``deadline=None``
  (a deadline is a hidden timing assertion that the first numba compile would trip);
* ``small_archs``: a cheap two-layer architecture (N = 2048) built once per session;
* ``fft_backend``: runs a test once per installed FFT backend (``scatnet.set_fft_backend``);
  a backend that is not installed is not a parameter (CI installs them all: ``.ci/run``).
"""
import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("scatnet", derandomize=True, deadline=None, max_examples=25,
                          print_blob=True)
settings.load_profile("scatnet")

#: Seed of the ``rng`` fixture.
SEED = 20240607

#: Options of :func:`small_archs`: morlet (Q = 4) then the default gammatone layer, N = 2048.
SMALL_OPTS = [{"time": {"size": 2048, "T": 128, "max_Q": 4, "is_chunked": False}}, {"time": {}}]


@pytest.fixture
def rng():
    """A fresh ``numpy.random.Generator`` with the suite's fixed seed."""
    return np.random.default_rng(SEED)


@pytest.fixture(scope="session")
def small_archs():
    """Two-layer time scattering (morlet Q = 4, then gammatone), size 2048, T = 128."""
    from scatnet import sc_setup
    return sc_setup(SMALL_OPTS)


def _installed_fft_backends():
    from scatnet import available_fft_backends
    return available_fft_backends()


@pytest.fixture(params=_installed_fft_backends())
def fft_backend(request):
    """The name of an installed FFT backend, in use for the test (the previous one restored)."""
    import scatnet
    previous = scatnet.set_fft_backend(request.param)
    yield request.param
    scatnet.set_fft_backend(previous)
