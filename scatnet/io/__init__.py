"""Files: ``.mat`` results of both toolboxes and signals saved by MATLAB.

Results of scattering.m in its nested-cell layout or as a flat table, ScatNet results in
ScatNet's ``S{m+1}.signal{p}`` layout. See ``doc/matlab.md``.

MATLAB: ``save``/``load`` of scattering.m's ``S``, ``U`` and input signals.
"""
from scatnet.io.cells import layer_to_matlab, scattering_to_matlab, tensor_to_matlab
from scatnet.io.mat import load_signal, save_mat
from scatnet.io.names import AXIS_KEYS, CELL_KEYS, parse_matlab_ref
from scatnet.io.scatnet_mat import save_scatnet_mat, scatnet_signal_to_matlab, scatnet_to_matlab

__all__ = [
           "AXIS_KEYS",
           "CELL_KEYS",
           "layer_to_matlab",
           "load_signal",
           "parse_matlab_ref",
           "save_mat",
           "save_scatnet_mat",
           "scatnet_signal_to_matlab",
           "scatnet_to_matlab",
           "scattering_to_matlab",
           "tensor_to_matlab",
]
