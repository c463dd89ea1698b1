"""Synthesis: back-propagation, reconstruction and distances of scattering.m representations.

MATLAB: scattering.m ``lib/backward/``, ``lib/duality/``, ``lib/reconstruction/``,
``lib/export/sc_reconstruct.m``, ``sc_norm.m``, ``sc_propagate_renorm.m`` and
``lib/audio/generate_colored_noise.m`` (spec §4).

* :func:`sc_backpropagate`: exact adjoint of the whole transform (gradient of ⟨S(x), dS⟩);
* :func:`sc_reconstruct`: signal synthesis from a target's scattering (bold driver or L-BFGS);
* :func:`sc_norm`, :func:`sc_substract`: the original's loss and differences;
* :func:`sc_propagate_renorm`, :func:`generate_colored_noise`.
"""
from .backpropagate import sc_backpropagate
from .noise import generate_colored_noise
from .norms import sc_norm, sc_substract
from .options import fill_reconstruction_opt
from .reconstruct import ReconstructionResult, sc_reconstruct
from .renorm import sc_propagate_renorm

__all__ = ["ReconstructionResult", "fill_reconstruction_opt", "generate_colored_noise",
           "sc_backpropagate", "sc_norm", "sc_propagate_renorm", "sc_reconstruct",
           "sc_substract"]
