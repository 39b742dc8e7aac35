# zsh -f complete.zsh FPATH_DIR CAPTURE_FILE LINE
# Types LINE and a TAB into a real interactive zsh (through a pseudo-terminal, zsh/zpty), with compinit
# and FPATH_DIR in $fpath, and writes every candidate the completion offered to CAPTURE_FILE, one a line.
# Prints what the terminal showed from the TAB on, then "__DONE__ ca=<complete_aliases> al=<1 if compopt is
# an alias> __END__": the completion must leave the user's shell options and aliases alone.
# The candidates are caught by a compadd function in front of the builtin, which asks the builtin for
# the matches (compadd -A) before adding them as usual. Used by CompletionScriptTest.
zmodload zsh/zpty || exit 3
fpath_dir=$1 capture=$2 line=$3
: >| $capture
zpty z 'zsh -f -i'
buf=
# reads the terminal until it printed $1, keeping what follows for the next call
expect() {
  local out
  integer tries=0
  while [[ $buf != *$1* ]]; do
    (( tries++ < 1200 )) || { print -ru2 -- "complete.zsh: no '$1' from zsh within 60 s; it printed: $buf"; exit 4 }
    if zpty -rt z out; then buf+=$out; seen+=$out; else sleep 0.05; fi
  done
  buf=${buf#*$1}
}
# a marker is typed in two parts, so that only what the shell prints matches, not the echo of the typing;
# input typed before the prompt is shown may be discarded, hence the wait for the prompt after each command
zpty -w z "PS1='%(?.ok.no)-P''S1> '; fpath=(${(q)fpath_dir} \$fpath); autoload -U compinit && compinit -u -D"
expect 'ok-PS1> '
zpty -w z "compadd() { local -a hits; builtin compadd -A hits \"\$@\"; (( \$#hits )) && print -rl -- \"\${hits[@]}\" >> ${(q)capture}; builtin compadd \"\$@\"; }"
expect 'ok-PS1> '
seen=
zpty -w -n z "$line"$'\t'
# end of line, kill it, then a command whose output says the completion is over
zpty -w -n z $'\C-e\C-u'
zpty -w z 'print -r -- __DO""NE__ ca=$options[completealiases] al=${+aliases[compopt]} __E""ND__'
expect __END__
print -r -- "$seen"
zpty -d z
