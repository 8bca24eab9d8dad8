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
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status help' -a init -d 'Make this directory an mlctl project (creates .mlctl/config.yaml and .mlctl/.gitignore).'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status help' -a config -d 'Read and write settings in .mlctl/config.yaml (or config.local.yaml with --local).'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status help' -a status -d 'Show tracked data that differs from its pointer and pipeline stages that would run again.'
complete -c mlctl -n 'not __fish_seen_subcommand_from init config status help' -a help -d 'Display help information about the specified command.'

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
complete -c mlctl -n '__fish_seen_subcommand_from status' -F

# mlctl help
complete -c mlctl -n '__fish_seen_subcommand_from help' -a 'init config status'
