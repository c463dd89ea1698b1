"""Importing scatnet leaves the host's environment alone; OMP_WAIT_POLICY is set at first use."""
import os
import subprocess
import sys

import pytest

_SCRIPT = """
import os, numpy as np
import scatnet
print(os.environ.get('OMP_WAIT_POLICY', 'unset'))
archs = scatnet.sc_setup([{'time': {'size': 1024, 'T': 64, 'max_Q': 2, 'is_chunked': False}}])
scatnet.sc_propagate(np.ones(1024), archs)
print(os.environ.get('OMP_WAIT_POLICY', 'unset'))
"""


def _run(env_value):
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if env_value is not None:
        env["OMP_WAIT_POLICY"] = env_value
    out = subprocess.run([sys.executable, "-c", _SCRIPT], env=env, capture_output=True,
                         text=True, check=True)
    return out.stdout.split()


@pytest.mark.parametrize("preset, after_import, after_run", [
    (None, "unset", "PASSIVE"),
    ("ACTIVE", "ACTIVE", "ACTIVE"),
])
def test_wait_policy_is_set_at_first_run_not_at_import(preset, after_import, after_run):
    assert _run(preset) == [after_import, after_run]
