sample_rate = 50;
Qs = [2, 1, 1];
x = randn(2^14, 1);
T = pow2(nextpow2(sample_rate * 10));

opts = cell(1, 3);
opts{1}.time.T = T;
opts{1}.time.max_Q = Qs(1);
opts{1}.time.size = 4 * T;
for m = [2, 3]
    opts{m}.time.max_Q = Qs(m);
    opts{m}.time.T = T;
end
for m = 2:3
    opts{m}.time.max_scale = Inf;
end
archs = sc_setup(opts);
S = sc_propagate(x, archs);
for layer_id = 1:3
    S_mats{layer_id} = S{1+layer_id}.data;
end
