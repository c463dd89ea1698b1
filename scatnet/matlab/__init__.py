"""MATLAB interop for option scripts: ``opts_from_matlab`` (MATLAB text → ``opts``) and
``opts_to_matlab`` (``opts`` → MATLAB text). See ``doc/matlab.md``.

MATLAB: the ``opts`` cell of scattering.m (``opts{m}.time.T = 2^13;``).
"""
from scatnet.matlab.parser import opts_from_matlab
from scatnet.matlab.writer import opts_to_matlab

__all__ = ["opts_from_matlab", "opts_to_matlab"]
