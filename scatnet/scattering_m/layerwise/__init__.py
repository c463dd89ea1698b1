"""The cascade one layer at a time, as research scripts drive it (spec §3.2, §3.4, §3.8, §4).

MATLAB: scattering.m ``lib/forward/initialize_U.m``, ``U_to_Y.m``, ``Y_to_U.m``, ``Y_to_S.m``,
``lib/indexing/format_layer.m``, ``fetch_firstorder.m``, ``fetch_plain.m``,
``lib/display/display_secondorder_wavelets.m``.

=================================================  ==========================================
MATLAB (1-based cells)                             scatnet (0-based lists)
=================================================  ==========================================
``U{1} = initialize_U(x, archs{1}.banks{1})``      ``U[0] = initialize_U(x, archs)``
``Y{m} = U_to_Y(U{m}, archs{m}.banks)``            ``Y[m-1] = U_to_Y(U[m-1], archs, m-1)``
``U{m+1} = Y_to_U(Y{m}{end}, archs{m}.nonl…)``     ``U[m] = Y_to_U(Y[m-1][-1], archs, m-1)``
``S{m} = Y_to_S(Y{m}, archs{m})``                  ``S[m-1] = Y_to_S(Y[m-1], archs, m-1)``
``format_layer(S{m}, 1)`` (time × features)        ``format_layer(S[m-1])`` (features × time)
``fetch_firstorder(S{2}, γ1)``                     ``fetch_firstorder(S[1], γ1)``
``fetch_plain(S{3}, γ1, γ2)``                      ``fetch_plain(S[2], γ1, γ2)``
``display_secondorder_wavelets(archs, 1/5)``       ``display_secondorder_wavelets(archs, 1/5)``
=================================================  ==========================================

The layer index may also be given as the layer object (``U_to_Y(U[m], archs[m])``, MATLAB's
``archs{m+1}``) or left out (taken from the layer's order). The layers are those of
:func:`scatnet.sc_propagate` (``return_U=True, return_Y=True``) and equal them.
"""
from .display import SecondOrderWavelets, display_secondorder_wavelets
from .forward import LayerY, U_to_Y, Y_to_S, Y_to_U
from .indexing import fetch_firstorder, fetch_plain, format_layer
from .initialize import initialize_U

__all__ = ["LayerY", "SecondOrderWavelets", "U_to_Y", "Y_to_S", "Y_to_U",
           "display_secondorder_wavelets", "fetch_firstorder", "fetch_plain", "format_layer",
           "initialize_U"]
