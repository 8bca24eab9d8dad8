# fish completion for mlctl, generated from its command tree.
# Copy to ~/.config/fish/completions/mlctl.fish. Remotes, stages, runs and models are read
# from the project's files at each Tab, without starting Java.

function __mlctl_values --description 'mlctl project values of one kind'
    set -l dir .
    set -l words (commandline -opc)
    set -l at (contains -i -- -C $words)
    and set dir $words[(math $at + 1)]
    set dir (realpath -- $dir 2>/dev/null; or echo $dir)
    while test "$dir" != / -a ! -d "$dir/.mlctl"
        set dir (dirname -- $dir)
    end
    test -d "$dir/.mlctl"; or return
    switch $argv[1]
        case remote
            awk -v kind=remote 'kind == "remote" && /^remote:/ { inside = 1; next }
kind == "stage" && /^stages:/ { inside = 1; next }
(kind == "remote" || kind == "stage") && /^[^ #]/ { inside = 0 }
(kind == "remote" || kind == "stage") && inside && /^  [^ #-]/ {
s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); gsub(/"/, "", s); print s
}
(kind == "ref" || kind == "model") && FNR == 1 {
name = FILENAME; sub(/.*\\//, "", name); sub(/\\.yaml$/, "", name); section = ""
print name
if (kind == "ref") print name "@latest"
}
kind == "ref" && /^versions:/ { section = "versions"; next }
kind == "ref" && /^aliases:/ {
section = "aliases"
if ($0 ~ /\\{/) {
s = $0; sub(/^aliases: *\\{/, "", s); sub(/\\}.*/, "", s)
n = split(s, pairs, /, */)
for (i = 1; i <= n; i++) { split(pairs[i], kv, /: */); if (kv[1] != "") print name "@" kv[1] }
section = ""
}
next
}
kind == "ref" && /^[^ -]/ { section = "" }
kind == "ref" && section == "versions" && /^- version: / { print name "@v" $3 }
kind == "ref" && section == "aliases" && /^  [^ ]/ { s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); print name "@" s }
' $dir/.mlctl/config.yaml $dir/.mlctl/config.local.yaml 2>/dev/null | sort -u
        case stage
            awk -v kind=stage 'kind == "remote" && /^remote:/ { inside = 1; next }
kind == "stage" && /^stages:/ { inside = 1; next }
(kind == "remote" || kind == "stage") && /^[^ #]/ { inside = 0 }
(kind == "remote" || kind == "stage") && inside && /^  [^ #-]/ {
s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); gsub(/"/, "", s); print s
}
(kind == "ref" || kind == "model") && FNR == 1 {
name = FILENAME; sub(/.*\\//, "", name); sub(/\\.yaml$/, "", name); section = ""
print name
if (kind == "ref") print name "@latest"
}
kind == "ref" && /^versions:/ { section = "versions"; next }
kind == "ref" && /^aliases:/ {
section = "aliases"
if ($0 ~ /\\{/) {
s = $0; sub(/^aliases: *\\{/, "", s); sub(/\\}.*/, "", s)
n = split(s, pairs, /, */)
for (i = 1; i <= n; i++) { split(pairs[i], kv, /: */); if (kv[1] != "") print name "@" kv[1] }
section = ""
}
next
}
kind == "ref" && /^[^ -]/ { section = "" }
kind == "ref" && section == "versions" && /^- version: / { print name "@v" $3 }
kind == "ref" && section == "aliases" && /^  [^ ]/ { s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); print name "@" s }
' $dir/mlctl.yaml 2>/dev/null
        case model ref
            awk -v kind=$argv[1] 'kind == "remote" && /^remote:/ { inside = 1; next }
kind == "stage" && /^stages:/ { inside = 1; next }
(kind == "remote" || kind == "stage") && /^[^ #]/ { inside = 0 }
(kind == "remote" || kind == "stage") && inside && /^  [^ #-]/ {
s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); gsub(/"/, "", s); print s
}
(kind == "ref" || kind == "model") && FNR == 1 {
name = FILENAME; sub(/.*\\//, "", name); sub(/\\.yaml$/, "", name); section = ""
print name
if (kind == "ref") print name "@latest"
}
kind == "ref" && /^versions:/ { section = "versions"; next }
kind == "ref" && /^aliases:/ {
section = "aliases"
if ($0 ~ /\\{/) {
s = $0; sub(/^aliases: *\\{/, "", s); sub(/\\}.*/, "", s)
n = split(s, pairs, /, */)
for (i = 1; i <= n; i++) { split(pairs[i], kv, /: */); if (kv[1] != "") print name "@" kv[1] }
section = ""
}
next
}
kind == "ref" && /^[^ -]/ { section = "" }
kind == "ref" && section == "versions" && /^- version: / { print name "@v" $3 }
kind == "ref" && section == "aliases" && /^  [^ ]/ { s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); print name "@" s }
' $dir/.mlctl/registry/*.yaml 2>/dev/null
        case run
            for f in $dir/.mlctl/runs/*.json
                basename -- $f .json
            end
            sed -n 's/^  "name" : "\\([^"]*\\)",\\{0,1\\}$/\\1/p' $dir/.mlctl/runs/*.json 2>/dev/null
        case configkey
            printf '%s\n' core.autostage core.lock_wait core.fsmonitor core.fsmonitor_idle core.remote cache.type
            for r in (__mlctl_values remote)
                printf "remote.$r.%s\n" url endpoint region path_style jobs access_key_id secret_access_key
            end
    end
end

# Global options, accepted by every command.
complete -c mlctl -s C -x -a '(__fish_complete_directories)' -d 'Run as if mlctl was started in DIR.'
complete -c mlctl -l debug -d 'Print stack traces with errors (also MLCTL_DEBUG=1).'
complete -c mlctl -s h -l help -d 'Show this help message and exit.'
complete -c mlctl -l json -d 'Print one JSON document on stdout and nothing else.'
complete -c mlctl -l no-color -d 'No colours (also when NO_COLOR is set).'
complete -c mlctl -l no-progress -d 'No progress bars (none in CI or off a terminal anyway).'
complete -c mlctl -s q -l quiet -d 'Print only errors.'
complete -c mlctl -s V -l version -d 'Print version information and exit.'
complete -c mlctl -s v -l verbose -d 'Say more; repeat for even more.'

# Commands
complete -c mlctl -n '__fish_use_subcommand' -f
complete -c mlctl -n '__fish_use_subcommand' -a init -d 'Make this directory an mlctl project (creates .mlctl/config.yaml and .mlctl/.gitignore).'
complete -c mlctl -n '__fish_use_subcommand' -a config -d 'Read and write settings in .mlctl/config.yaml (or config.local.yaml with --local).'
complete -c mlctl -n '__fish_use_subcommand' -a status -d 'Show tracked data that differs from its pointer and pipeline stages that would run again.'
complete -c mlctl -n '__fish_use_subcommand' -a add -d 'Track files or directories: store their bytes in the cache and write PATH.mlctl pointers.'
complete -c mlctl -n '__fish_use_subcommand' -a checkout -d 'Make the work tree match the pointers (after \'git checkout\', say).'
complete -c mlctl -n '__fish_use_subcommand' -a diff -d 'Show tracked data that differs between two Git revisions (default: HEAD and the work tree).'
complete -c mlctl -n '__fish_use_subcommand' -a ls -d 'List tracked outputs with hash and size, in the work tree or at a Git revision.'
complete -c mlctl -n '__fish_use_subcommand' -a gc -d 'Remove cached objects that no pointer or lock entry references.'
complete -c mlctl -n '__fish_use_subcommand' -a fsck -d 'Re-hash every cached object and name the damaged ones (exit 1 when any is).'
complete -c mlctl -n '__fish_use_subcommand' -a unprotect -d 'Replace hard- or symlinked tracked files with writable copies, to edit them.'
complete -c mlctl -n '__fish_use_subcommand' -a fsmonitor -d 'Run a file-system monitor, so status and add skip directories nothing touched.'
complete -c mlctl -n '__fish_use_subcommand' -a remote -d 'Manage remotes: folders or S3 buckets that hold a copy of the cache.'
complete -c mlctl -n '__fish_use_subcommand' -a push -d 'Send the cached objects of the targets that the remote lacks.'
complete -c mlctl -n '__fish_use_subcommand' -a pull -d 'Fetch, then check out: make the work tree match the pointers with data from the remote.'
complete -c mlctl -n '__fish_use_subcommand' -a fetch -d 'Fetch the objects of the targets that the cache lacks, verifying each.'
complete -c mlctl -n '__fish_use_subcommand' -a repro -d 'Run the pipeline\'s stale stages, each after the stages it depends on.'
complete -c mlctl -n '__fish_use_subcommand' -a dag -d 'Show the pipeline\'s stages and what depends on what.'
complete -c mlctl -n '__fish_use_subcommand' -a stage -d 'List or add pipeline stages.'
complete -c mlctl -n '__fish_use_subcommand' -a metrics -d 'Show or compare the metrics of the pipeline\'s files, flattened to dotted keys.'
complete -c mlctl -n '__fish_use_subcommand' -a params -d 'Show or compare the parameters of the pipeline\'s files, flattened to dotted keys.'
complete -c mlctl -n '__fish_use_subcommand' -a exp -d 'Run experiments and compare the runs: parameters, metrics, logged series.'
complete -c mlctl -n '__fish_use_subcommand' -a log -d 'Log a metric value or a parameter into the current run (MLCTL_RUN_ID, set for stages).'
complete -c mlctl -n '__fish_use_subcommand' -a plots -d 'Draw the declared plots, confusion matrices, logged series and metrics across runs as one HTML page.'
complete -c mlctl -n '__fish_use_subcommand' -a data -d 'Prepare data files for training.'
complete -c mlctl -n '__fish_use_subcommand' -a train -d 'Train a Tribuo model from a CSV file with a header.'
complete -c mlctl -n '__fish_use_subcommand' -a evaluate -d 'Score a model on a labelled CSV file and print its metrics.'
complete -c mlctl -n '__fish_use_subcommand' -a predict -d 'Score a CSV file with a model, streaming it, so files larger than memory work.'
complete -c mlctl -n '__fish_use_subcommand' -a models -d 'Register model versions, move aliases between them and audit every change.'
complete -c mlctl -n '__fish_use_subcommand' -a explain -d 'Explain a classifier\'s predictions row by row with LIME.'
complete -c mlctl -n '__fish_use_subcommand' -a serve -d 'Serve models over HTTP: KServe V1, MLflow\'s /invocations and the Open Inference Protocol (V2).'
complete -c mlctl -n '__fish_use_subcommand' -a drift -d 'Compare current data with reference data column by column and say which columns drifted.'
complete -c mlctl -n '__fish_use_subcommand' -a schema -d 'Describe what a data set holds, for mlctl validate.'
complete -c mlctl -n '__fish_use_subcommand' -a validate -d 'Check a CSV file (or a server\'s request log) against a schema.'
complete -c mlctl -n '__fish_use_subcommand' -a lineage -d 'Trace where a model, an output or a served prediction came from.'
complete -c mlctl -n '__fish_use_subcommand' -a import-dvc -d 'Turn a DVC project into an mlctl project, in place.'
complete -c mlctl -n '__fish_use_subcommand' -a doctor -d 'Check what mlctl runs on and the project it is in.'
complete -c mlctl -n '__fish_use_subcommand' -a completion -d 'Print the shell completion script for bash, zsh or fish.'
complete -c mlctl -n '__fish_use_subcommand' -a help -d 'Show the help of a command: \'mlctl help exp run\' is \'mlctl exp run --help\'.'

# mlctl init
complete -c mlctl -n '__fish_seen_subcommand_from init' -l force -d 'Re-create the config and .gitignore of an existing project; keeps its data.'
complete -c mlctl -n '__fish_seen_subcommand_from init' -l no-git -d 'Allow a project outside a Git work tree.'
complete -c mlctl -n '__fish_seen_subcommand_from init' -f

# mlctl config
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -f
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a get -d 'Print the value in force for KEY (its default when not set).'
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a set -d 'Set KEY to VALUE.'
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a unset -d 'Remove KEY, so its default applies.'
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a list -d 'List every key that is set, as KEY=VALUE; with --all also the defaults.'

# mlctl config get
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from get' -f -a '(__mlctl_values configkey)'

# mlctl config set
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from set' -l local -d 'Write .mlctl/config.local.yaml (this machine only, not committed).'
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from set' -f -a '(__mlctl_values configkey)'

# mlctl config unset
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from unset' -l local -d 'Remove it from .mlctl/config.local.yaml.'
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from unset' -f -a '(__mlctl_values configkey)'

# mlctl config list
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from list' -l all -d 'Also list known keys that are not set, with their defaults.'
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from list' -f

# mlctl status
complete -c mlctl -n '__fish_seen_subcommand_from status' -l check -d 'Exit 1 when anything changed (for CI).'
complete -c mlctl -n '__fish_seen_subcommand_from status' -s r -l remote -x -a '(__mlctl_values remote)' -d 'Compare the cache with a remote instead: what the remote lacks and what the cache lacks.'
complete -c mlctl -n '__fish_seen_subcommand_from status' -F

# mlctl add
complete -c mlctl -n '__fish_seen_subcommand_from add' -F

# mlctl checkout
complete -c mlctl -n '__fish_seen_subcommand_from checkout' -s f -l force -d 'Overwrite modified files and remove files a tracked directory does not list.'
complete -c mlctl -n '__fish_seen_subcommand_from checkout' -F

# mlctl diff
complete -c mlctl -n '__fish_seen_subcommand_from diff' -f

# mlctl ls
complete -c mlctl -n '__fish_seen_subcommand_from ls' -f

# mlctl gc
complete -c mlctl -n '__fish_seen_subcommand_from gc' -l all-commits -d 'Keep what any commit of any branch or tag references, not only the work tree.'
complete -c mlctl -n '__fish_seen_subcommand_from gc' -s n -l dry-run -d 'Only list what would be removed.'
complete -c mlctl -n '__fish_seen_subcommand_from gc' -s r -l remote -x -a '(__mlctl_values remote)' -d 'Clean remote NAME instead of the cache: remove the temporary files that interrupted pushes left there.'
complete -c mlctl -n '__fish_seen_subcommand_from gc' -f

# mlctl fsck
complete -c mlctl -n '__fish_seen_subcommand_from fsck' -l repair -d 'Fetch damaged objects again from the default remote.'
complete -c mlctl -n '__fish_seen_subcommand_from fsck' -f

# mlctl unprotect
complete -c mlctl -n '__fish_seen_subcommand_from unprotect' -F

# mlctl fsmonitor
complete -c mlctl -n '__fish_seen_subcommand_from fsmonitor; and not __fish_seen_subcommand_from start stop status' -f
complete -c mlctl -n '__fish_seen_subcommand_from fsmonitor; and not __fish_seen_subcommand_from start stop status' -a start -d 'Start the monitor in the background, unless one runs; waits until it answers.'
complete -c mlctl -n '__fish_seen_subcommand_from fsmonitor; and not __fish_seen_subcommand_from start stop status' -a stop -d 'Stop the running monitor.'
complete -c mlctl -n '__fish_seen_subcommand_from fsmonitor; and not __fish_seen_subcommand_from start stop status' -a status -d 'Say whether a monitor runs (exit 1 when none does).'

# mlctl fsmonitor start
complete -c mlctl -n '__fish_seen_subcommand_from fsmonitor; and __fish_seen_subcommand_from start' -f

# mlctl fsmonitor stop
complete -c mlctl -n '__fish_seen_subcommand_from fsmonitor; and __fish_seen_subcommand_from stop' -f

# mlctl fsmonitor status
complete -c mlctl -n '__fish_seen_subcommand_from fsmonitor; and __fish_seen_subcommand_from status' -f

# mlctl remote
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -f
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a add -d 'Add a remote: /path, file:///path or s3://bucket/prefix.'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a list -d 'List remotes.'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a remove -d 'Remove a remote (its data stays where it is).'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a default -d 'Make NAME the default remote.'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a modify -d 'Set an option of a remote: url, endpoint, region, path_style or jobs.'

# mlctl remote add
complete -c mlctl -n '__fish_seen_subcommand_from remote; and __fish_seen_subcommand_from add' -s d -l default -d 'Make it the default remote (the first one added always is).'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and __fish_seen_subcommand_from add' -f

# mlctl remote list
complete -c mlctl -n '__fish_seen_subcommand_from remote; and __fish_seen_subcommand_from list' -f

# mlctl remote remove
complete -c mlctl -n '__fish_seen_subcommand_from remote; and __fish_seen_subcommand_from remove' -f -a '(__mlctl_values remote)'

# mlctl remote default
complete -c mlctl -n '__fish_seen_subcommand_from remote; and __fish_seen_subcommand_from default' -f -a '(__mlctl_values remote)'

# mlctl remote modify
complete -c mlctl -n '__fish_seen_subcommand_from remote; and __fish_seen_subcommand_from modify' -f -a '(__mlctl_values remote)'

# mlctl push
complete -c mlctl -n '__fish_seen_subcommand_from push' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from push' -s r -l remote -x -a '(__mlctl_values remote)' -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from push' -l run-cache -d 'Also move the run cache: the entries the other side lacks, and the objects they name.'
complete -c mlctl -n '__fish_seen_subcommand_from push' -F

# mlctl pull
complete -c mlctl -n '__fish_seen_subcommand_from pull' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from pull' -s r -l remote -x -a '(__mlctl_values remote)' -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from pull' -l run-cache -d 'Also move the run cache: the entries the other side lacks, and the objects they name.'
complete -c mlctl -n '__fish_seen_subcommand_from pull' -F

# mlctl fetch
complete -c mlctl -n '__fish_seen_subcommand_from fetch' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from fetch' -s r -l remote -x -a '(__mlctl_values remote)' -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from fetch' -l run-cache -d 'Also move the run cache: the entries the other side lacks, and the objects they name.'
complete -c mlctl -n '__fish_seen_subcommand_from fetch' -F

# mlctl repro
complete -c mlctl -n '__fish_seen_subcommand_from repro' -l downstream -d 'Run the named stages and the stages that depend on them.'
complete -c mlctl -n '__fish_seen_subcommand_from repro' -l dry -d 'Only show what would run.'
complete -c mlctl -n '__fish_seen_subcommand_from repro' -s f -l force -d 'Run the stages even when they are up to date.'
complete -c mlctl -n '__fish_seen_subcommand_from repro' -s j -l jobs -x -d 'Run up to N independent stages at once (default 1).'
complete -c mlctl -n '__fish_seen_subcommand_from repro' -s k -l keep-going -d 'After a failure, still run the stages that do not depend on it.'
complete -c mlctl -n '__fish_seen_subcommand_from repro' -l no-run-cache -d 'Always run stale stages, never restore their outputs from a past run.'
complete -c mlctl -n '__fish_seen_subcommand_from repro' -s s -l single-item -d 'Run only the named stages, not the stages they depend on.'
complete -c mlctl -n '__fish_seen_subcommand_from repro' -f -a '(__mlctl_values stage)'

# mlctl dag
complete -c mlctl -n '__fish_seen_subcommand_from dag' -l dot -d 'Graphviz DOT.'
complete -c mlctl -n '__fish_seen_subcommand_from dag' -l mermaid -d 'A Mermaid flowchart.'
complete -c mlctl -n '__fish_seen_subcommand_from dag' -f

# mlctl stage
complete -c mlctl -n '__fish_seen_subcommand_from stage; and not __fish_seen_subcommand_from list add' -f
complete -c mlctl -n '__fish_seen_subcommand_from stage; and not __fish_seen_subcommand_from list add' -a list -d 'List the stages of mlctl.yaml, expanded.'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and not __fish_seen_subcommand_from list add' -a add -d 'Add a stage to mlctl.yaml.'

# mlctl stage list
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from list' -f

# mlctl stage add
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -l always-changed -d 'Run the stage on every repro, even when nothing it reads changed.'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -s d -l deps -r -F -d 'A dependency (repeatable).'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -s f -l force -d 'Replace a stage of the same name.'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -s m -l metrics -r -F -d 'A metrics file (repeatable).'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -s n -l name -x -d 'The stage\'s name.'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -s o -l outs -r -F -d 'An output (repeatable).'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -s p -l params -x -d 'A parameter key of params.yaml (repeatable).'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -l plots -r -F -d 'A plot file: CSV, JSON or TSV (repeatable).'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -s w -l wdir -x -a '(__fish_complete_directories)' -d 'Run the command in DIR (relative to the project\'s root).'
complete -c mlctl -n '__fish_seen_subcommand_from stage; and __fish_seen_subcommand_from add' -F

# mlctl metrics
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and not __fish_seen_subcommand_from show diff' -f
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and not __fish_seen_subcommand_from show diff' -a show -d 'Show the metrics of the work tree (or of --rev).'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and not __fish_seen_subcommand_from show diff' -a diff -d 'Compare the metrics of two Git revisions (default: HEAD and the work tree).'

# mlctl metrics show
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from show' -l csv -d 'Print CSV.'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from show' -l md -d 'Print a Markdown table.'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from show' -l precision -x -d 'Round numbers to N digits after the point (default 5).'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from show' -l rev -x -d 'Read them at a Git revision instead of the work tree.'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from show' -F

# mlctl metrics diff
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from diff' -l all -d 'Also list the keys whose value did not change.'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from diff' -l csv -d 'Print CSV.'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from diff' -l md -d 'Print a Markdown table.'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from diff' -l precision -x -d 'Round numbers to N digits after the point (default 5).'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from diff' -l targets -r -F -d 'Files to compare instead of the declared ones.'
complete -c mlctl -n '__fish_seen_subcommand_from metrics; and __fish_seen_subcommand_from diff' -f

# mlctl params
complete -c mlctl -n '__fish_seen_subcommand_from params; and not __fish_seen_subcommand_from show diff' -f
complete -c mlctl -n '__fish_seen_subcommand_from params; and not __fish_seen_subcommand_from show diff' -a show -d 'Show the parameters of the work tree (or of --rev).'
complete -c mlctl -n '__fish_seen_subcommand_from params; and not __fish_seen_subcommand_from show diff' -a diff -d 'Compare the parameters of two Git revisions (default: HEAD and the work tree).'

# mlctl params show
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from show' -l csv -d 'Print CSV.'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from show' -l md -d 'Print a Markdown table.'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from show' -l precision -x -d 'Round numbers to N digits after the point (default 5).'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from show' -l rev -x -d 'Read them at a Git revision instead of the work tree.'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from show' -F

# mlctl params diff
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from diff' -l all -d 'Also list the keys whose value did not change.'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from diff' -l csv -d 'Print CSV.'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from diff' -l md -d 'Print a Markdown table.'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from diff' -l precision -x -d 'Round numbers to N digits after the point (default 5).'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from diff' -l targets -r -F -d 'Files to compare instead of the declared ones.'
complete -c mlctl -n '__fish_seen_subcommand_from params; and __fish_seen_subcommand_from diff' -f

# mlctl exp
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -f
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a run -d 'Apply parameter overrides, run the pipeline and record the run in .mlctl/runs/.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a show -d 'List the runs with their parameters and metrics.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a diff -d 'Compare the parameters and metrics of two runs.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a remove -d 'Remove runs\' records.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a apply -d 'Restore a run\'s code (from its commit), parameter files, mlctl.lock and outputs into the work tree.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a push -d 'Send runs and the objects they name to a remote (experiments/ID.json beside the objects).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a pull -d 'Bring runs and the objects they name from a remote.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and not __fish_seen_subcommand_from run show diff remove apply push pull branch' -a branch -d 'Make a Git branch of a run, for a pull request.'

# mlctl exp run
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -l dry -d 'Only show what would run: the -S values are checked, nothing is written or recorded.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -s f -l force -d 'Run the stages even when they are up to date.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -s j -l jobs -x -d 'Run up to N independent stages at once (default 1).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -s k -l keep-going -d 'After a failure, still run the stages that do not depend on it.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -s n -l name -x -d 'Name the run (default: a generated name such as brisk-lark); usable wherever a run is named.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -l no-run-cache -d 'Always run stale stages, never restore their outputs from a past run.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -l note -x -d 'A note kept with the run.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -s S -l set-param -r -F -d 'Set a parameter before the run (repeatable); the key must exist in a parameter file.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -s s -l single-item -d 'Run only the named stages, not the stages they depend on.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -l tag -x -d 'Tag the run (repeatable); exp show --tag filters by tags.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from run' -f -a '(__mlctl_values stage)'

# mlctl exp show
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l all -d 'Every column, however wide the table (also the run ids).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l all-remote -d 'Also the runs on a remote (-r, default core.remote) that this project lacks.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l csv -d 'Print CSV.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l drop -x -d 'Leave out the parameter and metric columns whose name matches.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l keep -x -d 'Only the parameter and metric columns whose name matches.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l md -d 'Print a Markdown table.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l metric -x -d 'Show this metric (repeatable); with --param, only the columns named.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l only-changed -d 'Only the columns whose value differs between the runs shown.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l param -x -d 'Show this parameter (repeatable); with --metric, only the columns named.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l precision -x -d 'Round numbers to N digits after the point (default 5).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -s r -l remote -x -a '(__mlctl_values remote)' -d 'The remote --all-remote reads (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l rev -x -d 'Only the runs that started from the commit REV names.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l series -x -d 'How a logged series is summed up in its column (default last).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l sort-by -x -d 'Sort by this metric or parameter (runs without it last).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l sort-order -x -a 'asc desc' -d 'Sort order for --sort-by (default asc).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -l tag -x -d 'Only the runs with this tag (repeatable: all of them).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from show' -f

# mlctl exp diff
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from diff' -l all -d 'Also list the keys whose value did not change.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from diff' -l csv -d 'Print CSV.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from diff' -l md -d 'Print a Markdown table.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from diff' -l precision -x -d 'Round numbers to N digits after the point (default 5).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from diff' -f -a '(__mlctl_values run)'

# mlctl exp remove
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from remove' -f -a '(__mlctl_values run)'

# mlctl exp apply
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from apply' -s f -l force -d 'Overwrite code that has uncommitted changes.'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from apply' -f -a '(__mlctl_values run)'

# mlctl exp push
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from push' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from push' -s r -l remote -x -a '(__mlctl_values remote)' -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from push' -f -a '(__mlctl_values run)'

# mlctl exp pull
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from pull' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from pull' -s r -l remote -x -a '(__mlctl_values remote)' -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from pull' -f -a '(__mlctl_values run)'

# mlctl exp branch
complete -c mlctl -n '__fish_seen_subcommand_from exp; and __fish_seen_subcommand_from branch' -f -a '(__mlctl_values run)'

# mlctl log
complete -c mlctl -n '__fish_seen_subcommand_from log; and not __fish_seen_subcommand_from metric param' -f
complete -c mlctl -n '__fish_seen_subcommand_from log; and not __fish_seen_subcommand_from metric param' -a metric -d 'Append a value to a metric\'s series.'
complete -c mlctl -n '__fish_seen_subcommand_from log; and not __fish_seen_subcommand_from metric param' -a param -d 'Set a parameter of the current run.'

# mlctl log metric
complete -c mlctl -n '__fish_seen_subcommand_from log; and __fish_seen_subcommand_from metric' -l step -x -d 'The step (default: one after the series\' last, or 0).'
complete -c mlctl -n '__fish_seen_subcommand_from log; and __fish_seen_subcommand_from metric' -f

# mlctl log param
complete -c mlctl -n '__fish_seen_subcommand_from log; and __fish_seen_subcommand_from param' -f

# mlctl plots
complete -c mlctl -n '__fish_seen_subcommand_from plots; and not __fish_seen_subcommand_from show diff' -f
complete -c mlctl -n '__fish_seen_subcommand_from plots; and not __fish_seen_subcommand_from show diff' -a show -d 'Plot the work tree\'s plot files and every run.'
complete -c mlctl -n '__fish_seen_subcommand_from plots; and not __fish_seen_subcommand_from show diff' -a diff -d 'Overlay the plot files of two Git revisions, with the runs started from each.'

# mlctl plots show
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from show' -l metric -x -d 'A metric to chart across runs (repeatable; default the first few, top-level ones first).'
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from show' -l normalize -d 'Draw confusion matrices with each row divided by its sum (per true label).'
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from show' -s o -l out -r -F -d 'Where to write the page (default mlctl_plots/index.html).'
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from show' -f

# mlctl plots diff
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from diff' -l metric -x -d 'A metric to chart across runs (repeatable; default the first few, top-level ones first).'
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from diff' -l normalize -d 'Draw confusion matrices with each row divided by its sum (per true label).'
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from diff' -s o -l out -r -F -d 'Where to write the page (default mlctl_plots/index.html).'
complete -c mlctl -n '__fish_seen_subcommand_from plots; and __fish_seen_subcommand_from diff' -f

# mlctl data
complete -c mlctl -n '__fish_seen_subcommand_from data; and not __fish_seen_subcommand_from split' -f
complete -c mlctl -n '__fish_seen_subcommand_from data; and not __fish_seen_subcommand_from split' -a split -d 'Split a CSV file with a header into a training and a test file.'

# mlctl data split
complete -c mlctl -n '__fish_seen_subcommand_from data; and __fish_seen_subcommand_from split' -l ratio -x -d 'The share of rows for training (default: 0.8).'
complete -c mlctl -n '__fish_seen_subcommand_from data; and __fish_seen_subcommand_from split' -l seed -x -d 'The shuffle\'s seed (default: 42).'
complete -c mlctl -n '__fish_seen_subcommand_from data; and __fish_seen_subcommand_from split' -l stratify -x -d 'Split each value of this column in the same ratio.'
complete -c mlctl -n '__fish_seen_subcommand_from data; and __fish_seen_subcommand_from split' -l test -r -F -d 'Where the test rows go.'
complete -c mlctl -n '__fish_seen_subcommand_from data; and __fish_seen_subcommand_from split' -l train -r -F -d 'Where the training rows go.'
complete -c mlctl -n '__fish_seen_subcommand_from data; and __fish_seen_subcommand_from split' -F

# mlctl train
complete -c mlctl -n '__fish_seen_subcommand_from train' -l algorithm -x -a 'logistic linear-svm linear cart random-forest' -d 'logistic, linear-svm, cart, random-forest (classification); linear, cart, random-forest (regression). Default: logistic or linear.'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l categorical -x -d 'Columns to one-hot encode even if they hold numbers.'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l data -r -F -d 'The training data: a CSV file with a header.'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l features -x -d 'Feature columns, comma-separated (default: every column but the label).'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l label -x -d 'The column to predict.'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l metrics-out -r -F -d 'Also write the training metrics to this file.'
complete -c mlctl -n '__fish_seen_subcommand_from train' -s o -l out -r -F -d 'Where to write the model (its card goes to MODEL.card.json).'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l param -x -d 'A hyper-parameter of the algorithm (repeatable; listed below).'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l seed -x -d 'Seed for repeatable training (default: 42).'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l task -x -a 'classification regression' -d 'classification or regression (default: regression for \'linear\', else classification).'
complete -c mlctl -n '__fish_seen_subcommand_from train' -f

# mlctl evaluate
complete -c mlctl -n '__fish_seen_subcommand_from evaluate' -l data -r -F -d 'Labelled data with the model\'s feature and label columns.'
complete -c mlctl -n '__fish_seen_subcommand_from evaluate' -l metrics-out -r -F -d 'Also write the metrics to this file.'
complete -c mlctl -n '__fish_seen_subcommand_from evaluate' -l model -r -F -a '(__mlctl_values ref)' -d 'A model file, NAME@ALIAS or NAME@vN.'
complete -c mlctl -n '__fish_seen_subcommand_from evaluate' -l positive -x -d 'With --slice: the class that is the positive outcome for the fairness metrics (default for two classes: the second in sorted order; required for more).'
complete -c mlctl -n '__fish_seen_subcommand_from evaluate' -l slice -x -d 'Also compute the metrics for each value of this column (slice.groups.VALUE.KEY, worst in slice.min.KEY, best in slice.max.KEY),'
complete -c mlctl -n '__fish_seen_subcommand_from evaluate' -f

# mlctl predict
complete -c mlctl -n '__fish_seen_subcommand_from predict' -s i -l input -r -F -d 'Rows to score, with the model\'s feature columns; \'-\' reads standard input.'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l keep -x -d 'Copy these input columns (ids, say) into the output, before the prediction.'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l model -r -F -a '(__mlctl_values ref)' -d 'A model file, NAME@ALIAS or NAME@vN.'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -s o -l out -l output -r -F -d 'Where the predictions go; \'-\' writes them to standard output.'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l proba -d 'Add each class\'s score (a probability for logistic, cart and random-forest).'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -f

# mlctl models
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -f
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a register -d 'Register a model file (with its card) as the next version vN of NAME; its bytes go to the cache.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a list -d 'List registered models, their latest version and aliases.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a show -d 'Show a model (NAME) or one version (NAME@vN, NAME@ALIAS).'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a promote -d 'Point an alias at a version, when every --require holds.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a rollback -d 'Move an alias back to the version that held it before.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a audit -d 'Show the registry\'s audit trail (time, actor, action, details).'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a get -d 'Write a registered version\'s model to PATH and its card to PATH.card.json.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a diff -d 'Compare two registered versions\' cards and metrics.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and not __fish_seen_subcommand_from register list show promote rollback audit get diff report' -a report -d 'Write a model version\'s technical documentation as one HTML page or as Markdown.'

# mlctl models register
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from register' -l description -x -d 'What the model is for (its intended use), shown by \'models show\'.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from register' -l force -d 'Register the file even if the same bytes are already a version of NAME.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from register' -l metrics -r -F -d 'Metrics to record (e.g. from \'mlctl evaluate --metrics-out\'); default: the card\'s training metrics.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from register' -l run -x -d 'The run that produced the model (id or id prefix); default: MLCTL_RUN_ID inside a stage.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from register' -l tag -x -d 'A tag to store with the version. Repeatable.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from register' -F

# mlctl models list
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from list' -f

# mlctl models show
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from show' -F -a '(__mlctl_values ref)'

# mlctl models promote
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from promote' -l allow-unverified -d 'Also count metrics that are not bound to the version\'s model (registered from a file that names no model).'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from promote' -l evaluate -r -F -d 'Evaluate the version on this labelled data now and gate on those numbers.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from promote' -l positive -x -d 'With --evaluate --slice: the positive class for the fairness metrics.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from promote' -l require -r -F -d 'A gate on the version\'s verified metrics (>=, <=, >, <, ==; nested keys with \'.\', e.g. slice.min.accuracy>=0.85,'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from promote' -l slice -x -d 'With --evaluate: slice the evaluation by this column (slice.* and fairness.* metrics).'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from promote' -l alias -l to -x -d 'The alias to move, e.g. production (--to is the same).'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from promote' -f -a '(__mlctl_values model)'

# mlctl models rollback
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from rollback' -l alias -x -d 'The alias to move back.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from rollback' -f -a '(__mlctl_values model)'

# mlctl models audit
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from audit' -l verify -d 'Check the trail and the registry files against it.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from audit' -f -a '(__mlctl_values model)'

# mlctl models get
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from get' -s o -l out -l output -r -F -d 'Where to write the model.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from get' -F -a '(__mlctl_values ref)'

# mlctl models diff
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from diff' -f

# mlctl models report
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from report' -l drift -r -F -d 'The last drift check, as \'mlctl drift --json\' wrote it.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from report' -l md -d 'Markdown instead of HTML.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from report' -s o -l out -r -F -d 'Where to write it (FILE.html or FILE.md); default standard output.'
complete -c mlctl -n '__fish_seen_subcommand_from models; and __fish_seen_subcommand_from report' -F -a '(__mlctl_values ref)'

# mlctl explain
complete -c mlctl -n '__fish_seen_subcommand_from explain' -l input -r -F -d 'Rows with the model\'s feature columns (a label column is ignored).'
complete -c mlctl -n '__fish_seen_subcommand_from explain' -l model -r -F -a '(__mlctl_values ref)' -d 'A model file, NAME@ALIAS or NAME@vN.'
complete -c mlctl -n '__fish_seen_subcommand_from explain' -l rows -x -d 'The data rows to explain, numbered from 1 (the first line after the header); default: every row.'
complete -c mlctl -n '__fish_seen_subcommand_from explain' -l seed -x -d 'The seed of LIME\'s sampling (default: 42).'
complete -c mlctl -n '__fish_seen_subcommand_from explain' -l top -x -d 'How many features to show per row (default: 5).'
complete -c mlctl -n '__fish_seen_subcommand_from explain' -f

# mlctl serve
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l canary -r -F -a '(__mlctl_values ref)' -d 'Answer PCT percent of the requests with this other version.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l cors -x -d 'Let browser pages from ORIGIN (\'*\' for any) call the server.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l drift-window -x -d 'The last N instances of each model compared for drift (default: 1000).'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l follow -x -d 'Take the versions aliases name from this Git branch, fetched every --poll; the checkout is left alone.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l host -x -d 'The address to listen on (default: 127.0.0.1, this machine only).'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l idle-timeout -x -d 'Close a connection silent this long, reading or writing (default: 30s).'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l max-body -x -d 'The largest request body (default: 8MiB); suffixes K, M, G (or KiB, MiB, GiB).'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l poll -x -d 'How often to look for moved aliases (default: 1s; 30s with --follow).'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l port -x -d 'The port (default: 8080; 0 for any free one).'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l pull -d 'Fetch a registered model missing from the local cache from the default remote first.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l reference -r -F -d 'Compare served traffic with this file rather than each model\'s training data.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l schema -r -F -d 'Refuse requests that break this schema\'s rules (as \'mlctl validate\' checks them).'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l shadow -r -F -a '(__mlctl_values ref)' -d 'Also score every request with this version, off the request path; its answers go to the request log only.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l strict -d 'Refuse instances that carry a feature the model does not read.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -l token-env -x -d 'Require \'Authorization: Bearer TOKEN\', TOKEN being this environment variable\'s value.'
complete -c mlctl -n '__fish_seen_subcommand_from serve' -F -a '(__mlctl_values ref)'

# mlctl drift
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l columns -x -d 'Compare only these columns (comma-separated).'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l current -r -F -d 'Current data: a CSV file, or a request-log folder or .jsonl file.'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l drift-share -x -d 'The data set drifts when at least this share of columns drift (default 0.5).'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l fail-on-drift -d 'Exit 1 when the data set drifted, or with --slice a group\'s predicted-label rates moved.'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l method -x -a 'auto ks chisquare ztest psi wasserstein jensenshannon missing' -d 'auto (default), ks, chisquare, ztest, psi, wasserstein or jensenshannon.'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l model -r -F -a '(__mlctl_values ref)' -d 'The classifier --slice scores the rows with (default: the model of --reference NAME@ALIAS).'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -s o -l out -l html -r -F -d 'Also write a self-contained HTML report (--html is the same).'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l reference -r -F -a '(__mlctl_values ref)' -d 'Reference data: a CSV file, NAME@ALIAS or NAME@vN.'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l slice -x -d 'Also compare the rate of each predicted label per group of COL (bias on data without labels).'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -l threshold -x -d 'Drift when a p-value is below X, or a distance at least X (default per method).'
complete -c mlctl -n '__fish_seen_subcommand_from drift' -f

# mlctl schema
complete -c mlctl -n '__fish_seen_subcommand_from schema; and not __fish_seen_subcommand_from infer' -f
complete -c mlctl -n '__fish_seen_subcommand_from schema; and not __fish_seen_subcommand_from infer' -a infer -d 'Write a schema of a CSV file (or a server\'s request log) for a person to edit.'

# mlctl schema infer
complete -c mlctl -n '__fish_seen_subcommand_from schema; and __fish_seen_subcommand_from infer' -s o -l out -l output -r -F -d 'Write the schema here (default: print it).'
complete -c mlctl -n '__fish_seen_subcommand_from schema; and __fish_seen_subcommand_from infer' -F

# mlctl validate
complete -c mlctl -n '__fish_seen_subcommand_from validate' -l schema -r -F -d 'The schema (see mlctl schema infer).'
complete -c mlctl -n '__fish_seen_subcommand_from validate' -F

# mlctl lineage
complete -c mlctl -n '__fish_seen_subcommand_from lineage' -l dot -d 'A Graphviz DOT graph.'
complete -c mlctl -n '__fish_seen_subcommand_from lineage' -l mermaid -d 'A Mermaid flowchart.'
complete -c mlctl -n '__fish_seen_subcommand_from lineage' -l verify -d 'Exit 1 when a link failed or is missing.'
complete -c mlctl -n '__fish_seen_subcommand_from lineage' -F

# mlctl import-dvc
complete -c mlctl -n '__fish_seen_subcommand_from import-dvc' -F

# mlctl doctor
complete -c mlctl -n '__fish_seen_subcommand_from doctor' -f

# mlctl completion
complete -c mlctl -n '__fish_seen_subcommand_from completion' -f -a 'bash zsh fish'

# mlctl help
complete -c mlctl -n '__fish_seen_subcommand_from help' -f -a 'init config status add checkout diff ls gc fsck unprotect fsmonitor remote push pull fetch repro dag stage metrics params exp log plots data train evaluate predict models explain serve drift schema validate lineage import-dvc doctor completion help'
