"""Every examples/plot_*.py runs headless at its small size and writes its pictures."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

#: Per script: the PNG files it must write and a line its printed measurements must contain.
EXPECTED = {
    "plot_1_filter_banks.py": (["filter_banks_kymatio.png", "filter_banks_scattering_m.png"],
                               "meta()['xi'] of order 1 equals the first-order filters: True"),
    "plot_2_modulations.py": ([f"modulations_{name}.png" for name in
                               ("plain_tone", "tremolo", "vibrato", "attacks", "beating")]
                              + ["modulation_spectra.png"],
                              "sound       | S2 peak (Kymatio) | S2 peak (scattering.m)"),
    "plot_3_invariance_stability.py": (["invariance_stability.png"],
                                       "dilation x((1 + eps) t): relative distance"),
    "plot_4_manifold.py": (["manifold_isomap.png"],
                           "features    | parameter       | Spearman |rho| | k-NN R^2 (5-fold)"),
}


def test_every_example_is_listed():
    assert sorted(p.name for p in EXAMPLES.glob("plot_*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_example_runs_small_and_saves_its_figures(script, tmp_path):
    pngs, line = EXPECTED[script]
    env = dict(os.environ, SCATNET_EXAMPLES_SMALL="1", SCATNET_EXAMPLES_OUTPUT=str(tmp_path / "out"),
               MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, str(EXAMPLES / script)], check=False, cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert line in run.stdout
    written = sorted(p.name for p in (tmp_path / "out").glob("*.png"))
    assert written == sorted(pngs)
    for name in pngs:
        assert (tmp_path / "out" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
