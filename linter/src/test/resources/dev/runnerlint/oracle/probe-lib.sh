# Sourced by probe-root.sh and probe-user.sh (after setting RD, the runner directory), with the
# image's /bin/sh: one() joins lines with ' | '; DIR is the runner directory as run.sh finds it.
one() { tr '\n' '|' | sed 's/|$//; s/|/ | /g'; }
echo "started=yes"
# The runner directory as run.sh itself finds it: its own symlink resolved (run.sh's code, in sh),
# then the physical directory; without a run.sh, the runner directory itself.
if [ -e "$RD/run.sh" ]; then
  SOURCE="$RD/run.sh"
  while [ -h "$SOURCE" ]; do
    DIR="$( cd -P "$( dirname "$SOURCE" )" && pwd )"
    SOURCE="$(readlink "$SOURCE")"
    case "$SOURCE" in /*) ;; *) SOURCE="$DIR/$SOURCE" ;; esac
  done
  DIR="$( cd -P "$( dirname "$SOURCE" )" 2>/dev/null && pwd )"
else
  DIR="$( cd -P "$RD" 2>/dev/null && pwd )"
fi
