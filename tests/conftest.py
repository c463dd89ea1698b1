"""Shared test fixtures and the Hypothesis profile (STYLE G13).

* one seeded ``rng`` fixture: every random input of the suite comes from it (or from Hypothesis,
  which is derandomised), so a failure reproduces exactly;
* Hypothesis runs with ``derandomize=True`` (the same examples every run) and ``deadline=None``
  (a deadline is a hidden timing assertion that the first numba compile would trip);
* ``small_archs``: a cheap two-layer architecture (N = 2048) built once per session.
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
