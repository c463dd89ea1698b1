% physio_order3: three orders for slow physiological signals (e.g. 50 Hz), Q1 = 2.
% x: the signal, N x 1 (or N x K for K signals), N a power of two >= 1024.
T = 2^10;   % 20.5 s at 50 Hz
opts{1}.time = struct('size', length(x), 'T', T, 'max_Q', 2, 'is_chunked', false);
opts{2}.time = struct();
opts{3}.time = struct();
