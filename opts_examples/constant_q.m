% constant_q: strictly constant-Q first order (max_scale = Inf) at 44.1 kHz, Q1 = 12.
% x: the signal, N x 1 (or N x K for K signals), N a power of two >= 2048.
opts{1}.time = struct('size', length(x), 'T', 2^11, 'max_Q', 12, 'max_scale', Inf, ...
                      'is_chunked', false);
opts{2}.time = struct('wavelet_handle', @morlet_1d);
