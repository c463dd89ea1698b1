"""MATLAB interop for option scripts of scattering.m and ScatNet.

``opts_from_matlab`` (MATLAB text → ``opts``) and ``opts_to_matlab`` (``opts`` → MATLAB text)
for scattering.m; ``scatnet_from_matlab`` (MATLAB text → ``filt_opt``, ``scat_opt``, ``N``,
post-processing) for ScatNet. See ``doc/matlab.md``.

MATLAB: the ``opts`` cell of scattering.m (``opts{m}.time.T = 2^13;``).
"""
from scatnet.matlab._script import ArchEdit, ScriptReport, Skipped
from scatnet.matlab.parser import opts_from_matlab
from scatnet.matlab.scatnet_reader import PostCall, ScatnetScript, scatnet_from_matlab
from scatnet.matlab.writer import opts_to_matlab

__all__ = ["ArchEdit", "PostCall", "ScatnetScript", "ScriptReport", "Skipped", "opts_from_matlab",
           "opts_to_matlab", "scatnet_from_matlab"]
