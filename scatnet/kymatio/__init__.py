"""Kymatio's 1-D scattering (``Scattering1D``, version 0.3) on scatnet's engine.

Kymatio: ``kymatio/scattering1d/`` (M. Andreux, T. Angles, G. Exarchakis, R. Leonarduzzi,
G. Rochette, L. Thiry, J. Zarka, S. Mallat, J. Andén, E. Belilovsky, J. Bruna, V. Lostanlen,
M. Hirn, E. Oyallon, S. Zhang, C. Cella, M. Eickenberg, "Kymatio: Scattering Transforms in
Python", JMLR 21(60), 2020). Same arguments, filters, paths, subsampling, padding and numbers as
Kymatio 0.3.0's NumPy frontend; signals are ``(..., N)``, time last.

Data flow: arguments (:mod:`.options`) → filter design (:mod:`.filter_bank`) → execution plan
(:mod:`.plan`) run by the shared core → outputs laid out as Kymatio's (:mod:`.frontend`).
"""
from .filter_bank import scattering_filter_factory
from .frontend import Scattering1D

__all__ = ["Scattering1D", "scattering_filter_factory"]
