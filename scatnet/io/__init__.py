"""Files: ``.mat`` results in scattering.m's nested-cell layout or as a flat table, and
signals saved by MATLAB. See ``doc/matlab.md``.

MATLAB: ``save``/``load`` of scattering.m's ``S``, ``U`` and input signals.
"""
from scatnet.io.cells import layer_to_matlab, scattering_to_matlab, tensor_to_matlab
from scatnet.io.mat import load_signal, save_mat
from scatnet.io.names import AXIS_KEYS, CELL_KEYS, parse_matlab_ref

__all__ = [
           "AXIS_KEYS",
           "CELL_KEYS",
           "layer_to_matlab",
           "load_signal",
           "parse_matlab_ref",
           "save_mat",
           "scattering_to_matlab",
           "tensor_to_matlab",
]
