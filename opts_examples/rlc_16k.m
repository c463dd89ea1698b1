% rlc_16k: RLC (one-pole resonator) wavelets at both orders, 16 kHz.
% scatnet only: the original toolbox's @RLC_1d crashes; scatnet implements it.
% x: the signal, N x 1 (or N x K for K signals), N a power of two.
opts{1}.time = struct('size', length(x), 'T', 512, 'max_Q', 8, 'max_scale', 4096, ...
                      'wavelet_handle', @RLC_1d, 'is_chunked', false);
opts{2}.time = struct('wavelet_handle', @RLC_1d);
