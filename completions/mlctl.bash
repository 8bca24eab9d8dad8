# bash completion for mlctl, generated from its command tree (zsh runs it too).
# Source it, or put it in a bash-completion folder. Remotes, stages, runs and models are
# read from the project's files at each Tab, without starting Java.

_mlctl_subcommands() {
  case $1 in
    '') echo 'init config status add checkout diff ls gc fsck unprotect fsmonitor remote push pull fetch repro dag stage metrics params exp log plots data train evaluate predict models explain serve drift schema validate lineage import-dvc doctor completion help' ;;
    'config') echo 'get set unset list' ;;
    'fsmonitor') echo 'start stop status' ;;
    'remote') echo 'add list remove default modify' ;;
    'stage') echo 'list add' ;;
    'metrics') echo 'show diff' ;;
    'params') echo 'show diff' ;;
    'exp') echo 'run show diff remove apply push pull branch' ;;
    'log') echo 'metric param' ;;
    'plots') echo 'show diff' ;;
    'data') echo 'split' ;;
    'models') echo 'register list show promote rollback audit get diff report' ;;
    'schema') echo 'infer' ;;
  esac
}

_mlctl_options() {
  case $1 in
    '') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'init') echo '-C --debug --force -h --help --json --no-color --no-git --no-progress -q --quiet -V --version -v --verbose' ;;
    'config') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'config get') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'config set') echo '-C --debug -h --help --json --local --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'config unset') echo '-C --debug -h --help --json --local --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'config list') echo '--all -C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'status') echo '-C --check --debug -h --help --json --no-color --no-progress -q --quiet -r --remote -V --version -v --verbose' ;;
    'add') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'checkout') echo '-C --debug -f --force -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'diff') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'ls') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'gc') echo '--all-commits -C --debug -h --help --json -n --dry-run --no-color --no-progress -q --quiet -r --remote -V --version -v --verbose' ;;
    'fsck') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet --repair -V --version -v --verbose' ;;
    'unprotect') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'fsmonitor') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'fsmonitor start') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'fsmonitor stop') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'fsmonitor status') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'remote') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'remote add') echo '-C -d --default --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'remote list') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'remote remove') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'remote default') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'remote modify') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'push') echo '-C --debug -h --help -j --jobs --json --no-color --no-progress -q --quiet -r --remote --run-cache -V --version -v --verbose' ;;
    'pull') echo '-C --debug -h --help -j --jobs --json --no-color --no-progress -q --quiet -r --remote --run-cache -V --version -v --verbose' ;;
    'fetch') echo '-C --debug -h --help -j --jobs --json --no-color --no-progress -q --quiet -r --remote --run-cache -V --version -v --verbose' ;;
    'repro') echo '-C --debug --downstream --dry -f --force -h --help -j --jobs --json -k --keep-going --no-color --no-progress --no-run-cache -q --quiet -s --single-item -V --version -v --verbose' ;;
    'dag') echo '-C --debug --dot -h --help --json --mermaid --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'stage') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'stage list') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'stage add') echo '--always-changed -C -d --deps --debug -f --force -h --help --json -m --metrics -n --name --no-color --no-progress -o --outs -p --params --plots -q --quiet -V --version -v --verbose -w --wdir' ;;
    'metrics') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'metrics show') echo '-C --csv --debug -h --help --json --md --no-color --no-progress --precision -q --quiet --rev -V --version -v --verbose' ;;
    'metrics diff') echo '--all -C --csv --debug -h --help --json --md --no-color --no-progress --precision -q --quiet --targets -V --version -v --verbose' ;;
    'params') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'params show') echo '-C --csv --debug -h --help --json --md --no-color --no-progress --precision -q --quiet --rev -V --version -v --verbose' ;;
    'params diff') echo '--all -C --csv --debug -h --help --json --md --no-color --no-progress --precision -q --quiet --targets -V --version -v --verbose' ;;
    'exp') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'exp run') echo '-C --debug --dry -f --force -h --help -j --jobs --json -k --keep-going -n --name --no-color --no-progress --no-run-cache --note -q --quiet -S --set-param -s --single-item --tag -V --version -v --verbose' ;;
    'exp show') echo '--all --all-remote -C --csv --debug --drop -h --help --json --keep --md --metric --no-color --no-progress --only-changed --param --precision -q --quiet -r --remote --rev --series --sort-by --sort-order --tag -V --version -v --verbose' ;;
    'exp diff') echo '--all -C --csv --debug -h --help --json --md --no-color --no-progress --precision -q --quiet -V --version -v --verbose' ;;
    'exp remove') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'exp apply') echo '-C --debug -f --force -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'exp push') echo '-C --debug -h --help -j --jobs --json --no-color --no-progress -q --quiet -r --remote -V --version -v --verbose' ;;
    'exp pull') echo '-C --debug -h --help -j --jobs --json --no-color --no-progress -q --quiet -r --remote -V --version -v --verbose' ;;
    'exp branch') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'log') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'log metric') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet --step -V --version -v --verbose' ;;
    'log param') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'plots') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'plots show') echo '-C --debug -h --help --json --metric --no-color --no-progress --normalize -o --out -q --quiet -V --version -v --verbose' ;;
    'plots diff') echo '-C --debug -h --help --json --metric --no-color --no-progress --normalize -o --out -q --quiet -V --version -v --verbose' ;;
    'data') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'data split') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet --ratio --seed --stratify --test --train -V --version -v --verbose' ;;
    'train') echo '--algorithm -C --categorical --data --debug --features -h --help --json --label --metrics-out --no-color --no-progress -o --out --param -q --quiet --seed --task -V --version -v --verbose' ;;
    'evaluate') echo '-C --data --debug -h --help --json --metrics-out --model --no-color --no-progress --positive -q --quiet --slice -V --version -v --verbose' ;;
    'predict') echo '-C --debug -h --help -i --input --json --keep --model --no-color --no-progress -o --out --output --proba -q --quiet -V --version -v --verbose' ;;
    'models') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'models register') echo '-C --debug --description --force -h --help --json --metrics --no-color --no-progress -q --quiet --run --tag -V --version -v --verbose' ;;
    'models list') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'models show') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'models promote') echo '--allow-unverified -C --debug --evaluate -h --help --json --no-color --no-progress --positive -q --quiet --require --slice --alias --to -V --version -v --verbose' ;;
    'models rollback') echo '--alias -C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'models audit') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose --verify' ;;
    'models get') echo '-C --debug -h --help --json --no-color --no-progress -o --out --output -q --quiet -V --version -v --verbose' ;;
    'models diff') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'models report') echo '-C --debug --drift -h --help --json --md --no-color --no-progress -o --out -q --quiet -V --version -v --verbose' ;;
    'explain') echo '-C --debug -h --help --input --json --model --no-color --no-progress -q --quiet --rows --seed --top -V --version -v --verbose' ;;
    'serve') echo '-C --canary --cors --debug --drift-window --follow -h --help --host --idle-timeout --json --max-body --no-color --no-progress --poll --port --pull -q --quiet --reference --schema --shadow --strict --token-env -V --version -v --verbose' ;;
    'drift') echo '-C --columns --current --debug --drift-share --fail-on-drift -h --help --json --method --model --no-color --no-progress -o --out --html -q --quiet --reference --slice --threshold -V --version -v --verbose' ;;
    'schema') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'schema infer') echo '-C --debug -h --help --json --no-color --no-progress -o --out --output -q --quiet -V --version -v --verbose' ;;
    'validate') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet --schema -V --version -v --verbose' ;;
    'lineage') echo '-C --debug --dot -h --help --json --mermaid --no-color --no-progress -q --quiet -V --version -v --verbose --verify' ;;
    'import-dvc') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'doctor') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'completion') echo '-C --debug -h --help --json --no-color --no-progress -q --quiet -V --version -v --verbose' ;;
    'help') echo '-h --help' ;;
  esac
}

# What an option's value completes to ("none": a value, but nothing to offer).
_mlctl_option_kind() {
  case $1 in
    '|-C') echo 'dir' ;;
    'init|-C') echo 'dir' ;;
    'config|-C') echo 'dir' ;;
    'config get|-C') echo 'dir' ;;
    'config set|-C') echo 'dir' ;;
    'config unset|-C') echo 'dir' ;;
    'config list|-C') echo 'dir' ;;
    'status|-C') echo 'dir' ;;
    'status|-r') echo 'remote' ;;
    'status|--remote') echo 'remote' ;;
    'add|-C') echo 'dir' ;;
    'checkout|-C') echo 'dir' ;;
    'diff|-C') echo 'dir' ;;
    'ls|-C') echo 'dir' ;;
    'gc|-C') echo 'dir' ;;
    'gc|-r') echo 'remote' ;;
    'gc|--remote') echo 'remote' ;;
    'fsck|-C') echo 'dir' ;;
    'unprotect|-C') echo 'dir' ;;
    'fsmonitor|-C') echo 'dir' ;;
    'fsmonitor start|-C') echo 'dir' ;;
    'fsmonitor stop|-C') echo 'dir' ;;
    'fsmonitor status|-C') echo 'dir' ;;
    'remote|-C') echo 'dir' ;;
    'remote add|-C') echo 'dir' ;;
    'remote list|-C') echo 'dir' ;;
    'remote remove|-C') echo 'dir' ;;
    'remote default|-C') echo 'dir' ;;
    'remote modify|-C') echo 'dir' ;;
    'push|-C') echo 'dir' ;;
    'push|-j') echo 'none' ;;
    'push|--jobs') echo 'none' ;;
    'push|-r') echo 'remote' ;;
    'push|--remote') echo 'remote' ;;
    'pull|-C') echo 'dir' ;;
    'pull|-j') echo 'none' ;;
    'pull|--jobs') echo 'none' ;;
    'pull|-r') echo 'remote' ;;
    'pull|--remote') echo 'remote' ;;
    'fetch|-C') echo 'dir' ;;
    'fetch|-j') echo 'none' ;;
    'fetch|--jobs') echo 'none' ;;
    'fetch|-r') echo 'remote' ;;
    'fetch|--remote') echo 'remote' ;;
    'repro|-C') echo 'dir' ;;
    'repro|-j') echo 'none' ;;
    'repro|--jobs') echo 'none' ;;
    'dag|-C') echo 'dir' ;;
    'stage|-C') echo 'dir' ;;
    'stage list|-C') echo 'dir' ;;
    'stage add|-C') echo 'dir' ;;
    'stage add|-d') echo 'file' ;;
    'stage add|--deps') echo 'file' ;;
    'stage add|-m') echo 'file' ;;
    'stage add|--metrics') echo 'file' ;;
    'stage add|-n') echo 'none' ;;
    'stage add|--name') echo 'none' ;;
    'stage add|-o') echo 'file' ;;
    'stage add|--outs') echo 'file' ;;
    'stage add|-p') echo 'none' ;;
    'stage add|--params') echo 'none' ;;
    'stage add|--plots') echo 'file' ;;
    'stage add|-w') echo 'dir' ;;
    'stage add|--wdir') echo 'dir' ;;
    'metrics|-C') echo 'dir' ;;
    'metrics show|-C') echo 'dir' ;;
    'metrics show|--precision') echo 'none' ;;
    'metrics show|--rev') echo 'none' ;;
    'metrics diff|-C') echo 'dir' ;;
    'metrics diff|--precision') echo 'none' ;;
    'metrics diff|--targets') echo 'file' ;;
    'params|-C') echo 'dir' ;;
    'params show|-C') echo 'dir' ;;
    'params show|--precision') echo 'none' ;;
    'params show|--rev') echo 'none' ;;
    'params diff|-C') echo 'dir' ;;
    'params diff|--precision') echo 'none' ;;
    'params diff|--targets') echo 'file' ;;
    'exp|-C') echo 'dir' ;;
    'exp run|-C') echo 'dir' ;;
    'exp run|-j') echo 'none' ;;
    'exp run|--jobs') echo 'none' ;;
    'exp run|-n') echo 'none' ;;
    'exp run|--name') echo 'none' ;;
    'exp run|--note') echo 'none' ;;
    'exp run|-S') echo 'file' ;;
    'exp run|--set-param') echo 'file' ;;
    'exp run|--tag') echo 'none' ;;
    'exp show|-C') echo 'dir' ;;
    'exp show|--drop') echo 'none' ;;
    'exp show|--keep') echo 'none' ;;
    'exp show|--metric') echo 'none' ;;
    'exp show|--param') echo 'none' ;;
    'exp show|--precision') echo 'none' ;;
    'exp show|-r') echo 'remote' ;;
    'exp show|--remote') echo 'remote' ;;
    'exp show|--rev') echo 'none' ;;
    'exp show|--series') echo 'none' ;;
    'exp show|--sort-by') echo 'none' ;;
    'exp show|--sort-order') echo 'words:asc desc' ;;
    'exp show|--tag') echo 'none' ;;
    'exp diff|-C') echo 'dir' ;;
    'exp diff|--precision') echo 'none' ;;
    'exp remove|-C') echo 'dir' ;;
    'exp apply|-C') echo 'dir' ;;
    'exp push|-C') echo 'dir' ;;
    'exp push|-j') echo 'none' ;;
    'exp push|--jobs') echo 'none' ;;
    'exp push|-r') echo 'remote' ;;
    'exp push|--remote') echo 'remote' ;;
    'exp pull|-C') echo 'dir' ;;
    'exp pull|-j') echo 'none' ;;
    'exp pull|--jobs') echo 'none' ;;
    'exp pull|-r') echo 'remote' ;;
    'exp pull|--remote') echo 'remote' ;;
    'exp branch|-C') echo 'dir' ;;
    'log|-C') echo 'dir' ;;
    'log metric|-C') echo 'dir' ;;
    'log metric|--step') echo 'none' ;;
    'log param|-C') echo 'dir' ;;
    'plots|-C') echo 'dir' ;;
    'plots show|-C') echo 'dir' ;;
    'plots show|--metric') echo 'none' ;;
    'plots show|-o') echo 'file' ;;
    'plots show|--out') echo 'file' ;;
    'plots diff|-C') echo 'dir' ;;
    'plots diff|--metric') echo 'none' ;;
    'plots diff|-o') echo 'file' ;;
    'plots diff|--out') echo 'file' ;;
    'data|-C') echo 'dir' ;;
    'data split|-C') echo 'dir' ;;
    'data split|--ratio') echo 'none' ;;
    'data split|--seed') echo 'none' ;;
    'data split|--stratify') echo 'none' ;;
    'data split|--test') echo 'file' ;;
    'data split|--train') echo 'file' ;;
    'train|--algorithm') echo 'words:logistic linear-svm linear cart random-forest' ;;
    'train|-C') echo 'dir' ;;
    'train|--categorical') echo 'none' ;;
    'train|--data') echo 'file' ;;
    'train|--features') echo 'none' ;;
    'train|--label') echo 'none' ;;
    'train|--metrics-out') echo 'file' ;;
    'train|-o') echo 'file' ;;
    'train|--out') echo 'file' ;;
    'train|--param') echo 'none' ;;
    'train|--seed') echo 'none' ;;
    'train|--task') echo 'words:classification regression' ;;
    'evaluate|-C') echo 'dir' ;;
    'evaluate|--data') echo 'file' ;;
    'evaluate|--metrics-out') echo 'file' ;;
    'evaluate|--model') echo 'ref' ;;
    'evaluate|--positive') echo 'none' ;;
    'evaluate|--slice') echo 'none' ;;
    'predict|-C') echo 'dir' ;;
    'predict|-i') echo 'file' ;;
    'predict|--input') echo 'file' ;;
    'predict|--keep') echo 'none' ;;
    'predict|--model') echo 'ref' ;;
    'predict|-o') echo 'file' ;;
    'predict|--out') echo 'file' ;;
    'predict|--output') echo 'file' ;;
    'models|-C') echo 'dir' ;;
    'models register|-C') echo 'dir' ;;
    'models register|--description') echo 'none' ;;
    'models register|--metrics') echo 'file' ;;
    'models register|--run') echo 'none' ;;
    'models register|--tag') echo 'none' ;;
    'models list|-C') echo 'dir' ;;
    'models show|-C') echo 'dir' ;;
    'models promote|-C') echo 'dir' ;;
    'models promote|--evaluate') echo 'file' ;;
    'models promote|--positive') echo 'none' ;;
    'models promote|--require') echo 'file' ;;
    'models promote|--slice') echo 'none' ;;
    'models promote|--alias') echo 'none' ;;
    'models promote|--to') echo 'none' ;;
    'models rollback|--alias') echo 'none' ;;
    'models rollback|-C') echo 'dir' ;;
    'models audit|-C') echo 'dir' ;;
    'models get|-C') echo 'dir' ;;
    'models get|-o') echo 'file' ;;
    'models get|--out') echo 'file' ;;
    'models get|--output') echo 'file' ;;
    'models diff|-C') echo 'dir' ;;
    'models report|-C') echo 'dir' ;;
    'models report|--drift') echo 'file' ;;
    'models report|-o') echo 'file' ;;
    'models report|--out') echo 'file' ;;
    'explain|-C') echo 'dir' ;;
    'explain|--input') echo 'file' ;;
    'explain|--model') echo 'ref' ;;
    'explain|--rows') echo 'none' ;;
    'explain|--seed') echo 'none' ;;
    'explain|--top') echo 'none' ;;
    'serve|-C') echo 'dir' ;;
    'serve|--canary') echo 'ref' ;;
    'serve|--cors') echo 'none' ;;
    'serve|--drift-window') echo 'none' ;;
    'serve|--follow') echo 'none' ;;
    'serve|--host') echo 'none' ;;
    'serve|--idle-timeout') echo 'none' ;;
    'serve|--max-body') echo 'none' ;;
    'serve|--poll') echo 'none' ;;
    'serve|--port') echo 'none' ;;
    'serve|--reference') echo 'file' ;;
    'serve|--schema') echo 'file' ;;
    'serve|--shadow') echo 'ref' ;;
    'serve|--token-env') echo 'none' ;;
    'drift|-C') echo 'dir' ;;
    'drift|--columns') echo 'none' ;;
    'drift|--current') echo 'file' ;;
    'drift|--drift-share') echo 'none' ;;
    'drift|--method') echo 'words:auto ks chisquare ztest psi wasserstein jensenshannon missing' ;;
    'drift|--model') echo 'ref' ;;
    'drift|-o') echo 'file' ;;
    'drift|--out') echo 'file' ;;
    'drift|--html') echo 'file' ;;
    'drift|--reference') echo 'ref' ;;
    'drift|--slice') echo 'none' ;;
    'drift|--threshold') echo 'none' ;;
    'schema|-C') echo 'dir' ;;
    'schema infer|-C') echo 'dir' ;;
    'schema infer|-o') echo 'file' ;;
    'schema infer|--out') echo 'file' ;;
    'schema infer|--output') echo 'file' ;;
    'validate|-C') echo 'dir' ;;
    'validate|--schema') echo 'file' ;;
    'lineage|-C') echo 'dir' ;;
    'import-dvc|-C') echo 'dir' ;;
    'doctor|-C') echo 'dir' ;;
    'completion|-C') echo 'dir' ;;
  esac
}

# What the argument at index $2 (from 0) of command $1 completes to.
_mlctl_argument_kind() {
  case $1 in
    'config get')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'configkey'; return; fi
      ;;
    'config set')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'configkey'; return; fi
      ;;
    'config unset')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'configkey'; return; fi
      ;;
    'status')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'add')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'checkout')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'unprotect')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'remote remove')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'remote'; return; fi
      ;;
    'remote default')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'remote'; return; fi
      ;;
    'remote modify')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'remote'; return; fi
      if (( $2 >= 1 && $2 <= 1 )); then echo 'words:url url endpoint region path_style jobs access_key_id secret_access_key'; return; fi
      ;;
    'push')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'pull')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'fetch')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'repro')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'stage'; return; fi
      ;;
    'stage add')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'metrics show')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'params show')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'file'; return; fi
      ;;
    'exp run')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'stage'; return; fi
      ;;
    'exp diff')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'run'; return; fi
      if (( $2 >= 1 && $2 <= 1 )); then echo 'run'; return; fi
      ;;
    'exp remove')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'run'; return; fi
      ;;
    'exp apply')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'run'; return; fi
      ;;
    'exp push')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'run'; return; fi
      ;;
    'exp pull')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'run'; return; fi
      ;;
    'exp branch')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'run'; return; fi
      ;;
    'data split')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'file'; return; fi
      ;;
    'models register')
      if (( $2 >= 1 && $2 <= 1 )); then echo 'file'; return; fi
      ;;
    'models show')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'ref'; return; fi
      ;;
    'models promote')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'model'; return; fi
      ;;
    'models rollback')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'model'; return; fi
      ;;
    'models audit')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'model'; return; fi
      ;;
    'models get')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'ref'; return; fi
      ;;
    'models report')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'ref'; return; fi
      ;;
    'serve')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'ref'; return; fi
      ;;
    'schema infer')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'file'; return; fi
      ;;
    'validate')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'file'; return; fi
      ;;
    'lineage')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'file'; return; fi
      ;;
    'import-dvc')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'file'; return; fi
      ;;
    'completion')
      if (( $2 >= 0 && $2 <= 0 )); then echo 'words:bash zsh fish'; return; fi
      ;;
    'help')
      if (( $2 >= 0 && $2 <= 9999 )); then echo 'command'; return; fi
      ;;
  esac
}

# The project's root: $1 (the -C folder) or the working folder, or a folder above with .mlctl/.
_mlctl_root() {
  local d
  d=$(cd -- "${1:-.}" 2>/dev/null && pwd) || return 1
  while [[ $d != / && ! -d $d/.mlctl ]]; do d=$(dirname -- "$d"); done
  [[ -d $d/.mlctl ]] && printf '%s\n' "$d"
}

_mlctl_awk='kind == "remote" && /^remote:/ { inside = 1; next }
kind == "stage" && /^stages:/ { inside = 1; next }
(kind == "remote" || kind == "stage") && /^[^ #]/ { inside = 0 }
(kind == "remote" || kind == "stage") && inside && /^  [^ #-]/ {
s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); gsub(/"/, "", s); print s
}
(kind == "ref" || kind == "model") && FNR == 1 {
name = FILENAME; sub(/.*\//, "", name); sub(/\.yaml$/, "", name); section = ""
print name
if (kind == "ref") print name "@latest"
}
kind == "ref" && /^versions:/ { section = "versions"; next }
kind == "ref" && /^aliases:/ {
section = "aliases"
if ($0 ~ /\{/) {
s = $0; sub(/^aliases: *\{/, "", s); sub(/\}.*/, "", s)
n = split(s, pairs, /, */)
for (i = 1; i <= n; i++) { split(pairs[i], kv, /: */); if (kv[1] != "") print name "@" kv[1] }
section = ""
}
next
}
kind == "ref" && /^[^ -]/ { section = "" }
kind == "ref" && section == "versions" && /^- version: / { print name "@v" $3 }
kind == "ref" && section == "aliases" && /^  [^ ]/ { s = $0; sub(/^  /, "", s); sub(/:.*/, "", s); print name "@" s }
'

# The values of a kind read from the project at $2: remote, stage, run, model, ref, configkey.
_mlctl_values() {
  local root f r
  root=$(_mlctl_root "$2") || return 0
  case $1 in
    remote) awk -v kind=remote "$_mlctl_awk" "$root/.mlctl/config.yaml" "$root/.mlctl/config.local.yaml" 2>/dev/null | sort -u ;;
    stage) awk -v kind=stage "$_mlctl_awk" "$root/mlctl.yaml" 2>/dev/null ;;
    model|ref) for f in "$root"/.mlctl/registry/*.yaml; do [[ -e $f ]] && awk -v kind="$1" "$_mlctl_awk" "$f"; done ;;
    run) for f in "$root"/.mlctl/runs/*.json; do [[ -e $f ]] && { f=${f##*/}; printf '%s\n' "${f%.json}"; }; done
      sed -n 's/^  "name" : "\([^"]*\)",\{0,1\}$/\1/p' "$root"/.mlctl/runs/*.json 2>/dev/null ;;
    configkey)
      printf '%s\n' core.autostage core.lock_wait core.fsmonitor core.fsmonitor_idle core.remote cache.type
      for r in $(_mlctl_values remote "$2"); do
        printf "remote.$r.%s\n" url endpoint region path_style jobs access_key_id secret_access_key
      done ;;
  esac
}

# Sets COMPREPLY to what $2 completes to as a value of kind $1, in the project at $3
# ('command': a subcommand of the command the arguments $4 name, for 'mlctl help').
_mlctl_reply() {
  local IFS=$'\n'
  case $1 in
    none) COMPREPLY=() ;;
    command) IFS=$' \t\n'; COMPREPLY=( $(compgen -W "$(_mlctl_subcommands "$4")" -- "$2") ) ;;
    file) compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -f -- "$2") ) ;;
    dir) compopt -o filenames 2>/dev/null; COMPREPLY=( $(compgen -d -- "$2") ) ;;
    ref) compopt -o filenames 2>/dev/null
      COMPREPLY=( $(compgen -W "$(_mlctl_values ref "$3")" -- "$2") $(compgen -f -- "$2") ) ;;
    words:*) IFS=$' \t\n'; COMPREPLY=( $(compgen -W "${1#words:}" -- "$2") ) ;;
    *) COMPREPLY=( $(compgen -W "$(_mlctl_values "$1" "$3")" -- "$2") ) ;;
  esac
}

_complete_mlctl() {
  # Under zsh's bashcompinit: arrays from 0 and words split, as in bash. ('path' would be zsh's PATH.)
  [[ -n ${ZSH_VERSION-} ]] && setopt localoptions ksharrays shwordsplit
  local -a words
  local cword cur prev cmd='' dir='' w kind i n=0 ended=0 inline='' line args=''
  COMPREPLY=()
  if [[ -n ${BASH_VERSION-} && -n ${COMP_LINE-} && -n ${COMP_POINT-} ]]; then
    # Words split at spaces only: bash's own split breaks NAME@ALIAS and --opt=value apart.
    line=${COMP_LINE:0:COMP_POINT}
    read -ra words <<< "$line"
    [[ -z $line || $line == *[[:space:]] ]] && words+=('')
    cword=$(( ${#words[@]} - 1 ))
  else
    words=("${COMP_WORDS[@]}")
    cword=$COMP_CWORD
  fi
  cur=${words[cword]}
  prev=${words[cword-1]}
  if [[ $cur == --*=* ]]; then inline=${cur%%=*}=; prev=${cur%%=*}; cur=${cur#*=}; fi
  for (( i = 1; i < cword; i++ )); do
    w=${words[i]}
    if (( ended )) || [[ $w != -* ]]; then
      if (( n == 0 && ! ended )) && [[ " $(_mlctl_subcommands "$cmd") " == *" $w "* ]]; then
        cmd=${cmd:+$cmd }$w
      else
        n=$(( n + 1 ))
        args=${args:+$args }$w
      fi
    elif [[ $w == -- ]]; then
      ended=1
    elif [[ $w != *=* && -n $(_mlctl_option_kind "$cmd|$w") ]]; then
      # An option with its value in the next word: skip the value.
      [[ $w == -C ]] && dir=${words[i+1]}
      i=$(( i + 1 ))
    fi
  done
  if (( ! ended )) && [[ $prev == -* ]] && [[ -n $inline || $cword -gt 1 ]]; then
    kind=$(_mlctl_option_kind "$cmd|$prev")
    [[ -n $kind ]] && _mlctl_reply "$kind" "$cur" "$dir"
  fi
  if [[ -z $kind ]]; then
    if (( ! ended )) && [[ $cur == -* ]]; then
      COMPREPLY=( $(compgen -W "$(_mlctl_options "$cmd")" -- "$cur") )
    elif (( n == 0 && ! ended )) && [[ -n $(_mlctl_subcommands "$cmd") ]]; then
      COMPREPLY=( $(compgen -W "$(_mlctl_subcommands "$cmd")" -- "$cur") )
    else
      kind=$(_mlctl_argument_kind "$cmd" "$n")
      [[ -n $kind ]] && _mlctl_reply "$kind" "$cur" "$dir" "$args"
    fi
  fi
  # bash replaces only what follows the last '=', '@' or ':' of the word: drop what precedes it.
  local typed=$inline$cur drop
  if [[ -n ${BASH_VERSION-} ]]; then
    drop=$(( ${#typed} - ${#COMP_WORDS[COMP_CWORD]} ))
    # readline keeps an '@' in the word it replaces (it is one of its special prefixes).
    (( drop > 0 )) && [[ ${typed:$(( drop - 1 )):1} == @ ]] && drop=$(( drop - 1 ))
  else
    drop=0
  fi
  for (( i = 0; i < ${#COMPREPLY[@]}; i++ )); do
    w=$inline${COMPREPLY[i]}
    COMPREPLY[i]=${w:$drop}
  done
  return 0
}

complete -F _complete_mlctl mlctl
