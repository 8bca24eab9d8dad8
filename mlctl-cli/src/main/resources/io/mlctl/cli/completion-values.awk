# Prints the completion values of one kind read from an mlctl project's files, one a line, for
# the shell completions: no Java starts at a Tab. Run: awk -v kind=KIND -f THIS FILES...
#   remote: remote names in .mlctl/config.yaml and config.local.yaml
#   stage:  stage names in mlctl.yaml
#   ref:    model names, NAME@latest, NAME@vN and NAME@ALIAS from .mlctl/registry/NAME.yaml
#   model:  model names from .mlctl/registry/NAME.yaml
kind == "remote" && /^remote:/ { inside = 1; next }
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
