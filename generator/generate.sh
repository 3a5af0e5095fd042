#!/bin/sh
# `npm run generate`: make's shortcut in front of the generator. A build runs this on every
# build, and a Node process alone costs about 0.1 s on a small machine; so when the last run
# that found everything up to date left a stamp (generator/noop-stamp.ts), and nothing it lists
# (specs, output, templates, the generator, the lockfile, the tools…) is newer than that stamp,
# nothing can have changed, and no Node process is started. Anything else, any argument, or a
# missing stamp: the generator itself, which decides by content and writes the stamp again.
stamp=node_modules/.cache/linkmodel-codegen-state/npm-generate.stamp

# What the stamp lists under one prefix that is newer than the stamp, one `find` for all of them
# ("T": trees, "S": each path itself); fails when a listed path is gone.
newer() {
  sed -n "s/^$1 //p" "$stamp" | tr '\n' '\0' |
    xargs -0 sh -c 'what=$1; shift; if [ "$what" = S ]; then find "$@" -prune -newer "$0"; else find "$@" -newer "$0"; fi' "$stamp" "$1"
}

if [ $# -eq 0 ] && [ -f "$stamp" ] && trees=$(newer T) && [ -z "$trees" ] && selves=$(newer S) && [ -z "$selves" ]; then
  echo "nothing changed"
  exit 0
fi
LINKMODEL_NOOP_STAMP=$stamp exec node generator/run.mjs generate "$@"
