function info = refgen_scm_custom_run(c, outdir)
% REFGEN_SCM_CUSTOM_RUN  Run one custom-path case; save x, the MATLAB lines and every S tensor
%   (refgen_scm_flatten entries: matlab_ref, ranges, cell_values, data) in a compact .mat file.
info = struct('name', c.name, 'ok', false, 'error', '', 'file', '');
x = [];
opts = {};
eval(c.x_m);
eval(c.opts_m);
call_m = sprintf('archs = sc_setup(opts);\n[S, U] = sc_propagate(x, archs);');
try
    archs = sc_setup(opts);
    [S, U] = sc_propagate(x, archs);
catch err
    info.error = err.message;
    fprintf('%s: toolbox error: %s\n', c.name, err.message);
    return
end
S_paths = {};
for m = 1:numel(S)
    S_paths = [S_paths, refgen_scm_flatten(S{m}, m-1, sprintf('S{%d}', m))]; %#ok<AGROW>
end
for k = 1:numel(S_paths)  % compact: keep what the parity test reads
    S_paths{k} = rmfield(S_paths{k}, intersect(fieldnames(S_paths{k}), ...
        {'tensor_keys', 'cell_keys', 'routing_subs'}));
end
invariances = {};
for m = 1:numel(archs)
    if isfield(archs{m}, 'invariants')
        for k = 1:numel(archs{m}.invariants)
            inv = archs{m}.invariants{k};
            s = struct('layer', m, 'invariance', inv.spec.invariance, ...
                'key', refgen_key2str(inv.behavior.key));
            if isfield(inv.spec, 'T'), s.T = inv.spec.T; end
            invariances{end+1} = s; %#ok<AGROW>
        end
    end
end
x_m = c.x_m;
opts_m = c.opts_m;
meta = struct('case_name', c.name, 'notes', c.notes, 'engine', refgen_engine(), ...
    'toolbox', 'scattering.m (Vincent Lostanlen), HEAD c7aca5d, Octave patches and path-mask fix', ...
    'numel_archs', numel(archs), 'nLayers_S', numel(S));
file = fullfile(outdir, [c.name '.mat']);
save(file, 'x', 'x_m', 'opts_m', 'call_m', 'S_paths', 'invariances', 'meta', '-v7');
info.ok = true;
info.file = file;
d = dir(file);
fprintf('%s: %d S tensors, %.1f kB\n', c.name, numel(S_paths), d.bytes/1024);
end
