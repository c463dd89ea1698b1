% GEN_SCM_CUSTOM  Generate the custom banks/invariants references (tests/data/c12-c14).
%   From the repository root:
%     REFGEN_OUT=/tmp/refgen SCM_LIB=/path/to/patched/scattering.m/lib SCM_SHIMS=/path/to/shims \
%     octave-cli --eval "addpath('tests/refgen'); addpath('../shared/refgen'); gen_scm_custom"
%   (the patched lib and the contains shim as in ../shared/refgen/README.md), then copy the files
%   to tests/data/.
scm_lib = getenv('SCM_LIB');
shims = getenv('SCM_SHIMS');
outdir = getenv('REFGEN_OUT');
if isempty(scm_lib) || isempty(shims) || isempty(outdir)
    error('set SCM_LIB, SCM_SHIMS and REFGEN_OUT');
end
addpath(genpath(scm_lib));
if exist('OCTAVE_VERSION', 'builtin')
    addpath(shims);
    pkg load signal;
end
if ~exist(outdir, 'dir'), mkdir(outdir); end
cases = refgen_scm_custom();
for k = 1:numel(cases)
    r = refgen_scm_custom_run(cases(k), outdir);
    if r.ok, fprintf('OK    %-24s %s\n', r.name, r.file); else, fprintf('FAIL  %-24s %s\n', r.name, r.error); end
end
