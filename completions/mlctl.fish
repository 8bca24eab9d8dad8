# fish completion for mlctl, generated from its command tree.
# Copy to ~/.config/fish/completions/mlctl.fish.

# No file names unless a command or option takes a path.
complete -c mlctl -f

# Global options, accepted by every command.
complete -c mlctl -s C -r -F -d 'Run as if mlctl was started in DIR.'
complete -c mlctl -l debug -d 'Print stack traces with errors (also MLCTL_DEBUG=1).'
complete -c mlctl -s h -l help -d 'Show this help message and exit.'
complete -c mlctl -l json -d 'Print one JSON document on stdout and nothing else.'
complete -c mlctl -l no-color -d 'No colours (also when NO_COLOR is set).'
complete -c mlctl -l no-progress -d 'No progress bars (none in CI or off a terminal anyway).'
complete -c mlctl -s q -l quiet -d 'Print only errors.'
complete -c mlctl -s V -l version -d 'Print version information and exit.'
complete -c mlctl -s v -l verbose -d 'Say more; repeat for even more.'

# Commands
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a init -d 'Make this directory an mlctl project (creates .mlctl/config.yaml and .mlctl/.gitignore).'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a config -d 'Read and write settings in .mlctl/config.yaml (or config.local.yaml with --local).'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a status -d 'Show tracked data that differs from its pointer and pipeline stages that would run again.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a add -d 'Track files or directories: store their bytes in the cache and write PATH.mlctl pointers.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a checkout -d 'Make the work tree match the pointers (after \'git checkout\', say).'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a diff -d 'Show tracked data that differs between two Git revisions (default: HEAD and the work tree).'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a ls -d 'List tracked outputs with hash and size, in the work tree or at a Git revision.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a gc -d 'Remove cached objects that no pointer or lock entry references.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a fsck -d 'Re-hash every cached object and name the damaged ones (exit 1 when any is).'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a unprotect -d 'Replace hard- or symlinked tracked files with writable copies, to edit them.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a remote -d 'Manage remotes: folders or S3 buckets that hold a copy of the cache.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a push -d 'Send the cached objects of the targets that the remote lacks.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a pull -d 'Fetch, then check out: make the work tree match the pointers with data from the remote.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a fetch -d 'Fetch the objects of the targets that the cache lacks, verifying each.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status add checkout diff ls gc fsck unprotect remote push pull fetch help' -a help -d 'Display help information about the specified command.'

# mlctl init
complete -c mlctl -n '__fish_seen_subcommand_from init' -l force -d 'Re-create the config and .gitignore of an existing project; keeps its data.'
complete -c mlctl -n '__fish_seen_subcommand_from init' -l no-git -d 'Allow a project outside a Git work tree.'

# mlctl config
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a get -d 'Print the value in force for KEY (its default when not set).'
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a set -d 'Set KEY to VALUE.'
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a unset -d 'Remove KEY, so its default applies.'
complete -c mlctl -n '__fish_seen_subcommand_from config; and not __fish_seen_subcommand_from get set unset list' -a list -d 'List every key that is set, as KEY=VALUE; with --all also the defaults.'

# mlctl config set
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from set' -l local -d 'Write .mlctl/config.local.yaml (this machine only, not committed).'

# mlctl config unset
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from unset' -l local -d 'Remove it from .mlctl/config.local.yaml.'

# mlctl config list
complete -c mlctl -n '__fish_seen_subcommand_from config; and __fish_seen_subcommand_from list' -l all -d 'Also list known keys that are not set, with their defaults.'

# mlctl status
complete -c mlctl -n '__fish_seen_subcommand_from status' -l check -d 'Exit 1 when anything changed (for CI).'
complete -c mlctl -n '__fish_seen_subcommand_from status' -s r -l remote -x -d 'Compare the cache with a remote instead: what the remote lacks and what the cache lacks.'
complete -c mlctl -n '__fish_seen_subcommand_from status' -F

# mlctl add
complete -c mlctl -n '__fish_seen_subcommand_from add' -F

# mlctl checkout
complete -c mlctl -n '__fish_seen_subcommand_from checkout' -s f -l force -d 'Overwrite modified files and remove files a tracked directory does not list.'
complete -c mlctl -n '__fish_seen_subcommand_from checkout' -F

# mlctl gc
complete -c mlctl -n '__fish_seen_subcommand_from gc' -l all-commits -d 'Keep what any commit of any branch or tag references, not only the work tree.'
complete -c mlctl -n '__fish_seen_subcommand_from gc' -s n -l dry-run -d 'Only list what would be removed.'

# mlctl fsck
complete -c mlctl -n '__fish_seen_subcommand_from fsck' -l repair -d 'Fetch damaged objects again from the default remote.'

# mlctl unprotect
complete -c mlctl -n '__fish_seen_subcommand_from unprotect' -F

# mlctl remote
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a add -d 'Add a remote: /path, file:///path or s3://bucket/prefix.'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a list -d 'List remotes.'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a remove -d 'Remove a remote (its data stays where it is).'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a default -d 'Make NAME the default remote.'
complete -c mlctl -n '__fish_seen_subcommand_from remote; and not __fish_seen_subcommand_from add list remove default modify' -a modify -d 'Set an option of a remote: url, endpoint, region, path_style, jobs (credentials: access_key_id, secret_access_key, kept in config.local.yaml).'

# mlctl remote add
complete -c mlctl -n '__fish_seen_subcommand_from remote; and __fish_seen_subcommand_from add' -s d -l default -d 'Make it the default remote (the first one added always is).'

# mlctl push
complete -c mlctl -n '__fish_seen_subcommand_from push' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from push' -s r -l remote -x -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from push' -F

# mlctl pull
complete -c mlctl -n '__fish_seen_subcommand_from pull' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from pull' -s r -l remote -x -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from pull' -F

# mlctl fetch
complete -c mlctl -n '__fish_seen_subcommand_from fetch' -s j -l jobs -x -d 'Parallel transfers (default: suits the remote).'
complete -c mlctl -n '__fish_seen_subcommand_from fetch' -s r -l remote -x -d 'The remote (default: core.remote).'
complete -c mlctl -n '__fish_seen_subcommand_from fetch' -F

# mlctl help
complete -c mlctl -n '__fish_seen_subcommand_from help' -a 'init config status add checkout diff ls gc fsck unprotect remote push pull fetch'
