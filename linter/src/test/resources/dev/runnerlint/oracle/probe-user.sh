# Probes run as the image's user (the pod's, or docker run's), by the image's /bin/sh:
#   sh /rl-probe/probe-user.sh RUNNER_DIR [HOOKS]
# Prints key=value lines; a value is one line ('\n' becomes ' | ').
RD="$1"
HOOKS="${2:-}"
# one() and DIR, the runner directory as run.sh finds it; prints started=yes
. "$(dirname "$0")/probe-lib.sh"
[ -n "$DIR" ] || DIR="$RD"
echo "dir=$DIR"
echo "uid=$(id -u)"
echo "groups=$(id -G)"
echo "home=$HOME"
# ARC005: the exact root check of run-helper.sh.template
user_id=`id -u`
if [ $user_id -eq 0 -a -z "$RUNNER_ALLOW_RUNASROOT" ]; then
  echo "rootcheck=Must not run interactively with sudo"
else
  echo "rootcheck=passes"
fi
# ARC106: HOME is /home/runner, a directory, owned by or writable for the user
if [ "$HOME" = /home/runner ] && [ -d /home/runner ] \
    && { [ "$(stat -c %u /home/runner)" = "$user_id" ] || [ -w /home/runner ]; }; then
  echo "homeok=yes"
else
  echo "homeok=no ($(ls -ld /home/runner 2>&1))"
fi
# ARC301: the user can create a file in the runner directory
if out=$(touch "$DIR/.rl-probe-write" 2>&1); then
  rm -f "$DIR/.rl-probe-write"; echo "dirwrite=yes"
else
  echo "dirwrite=no: $(echo "$out" | one)"
fi
# ARC007: the runner's binaries run
for b in Runner.Listener Runner.Worker; do
  out=$(env "$DIR/bin/$b" 2>&1); echo "exec.$b=$? $(echo "$out" | one)"
done
# ARC002/ARC302: run.sh itself, as the pod's command runs it (execve of the path)
out=$(timeout 60 env "$RD/run.sh" 2>&1); rc=$?
echo "runsh.rc=$rc"
echo "runsh.out=$(echo "$out" | grep -v 'unable to resolve host' | one)"
# The dind and kubernetes modes (layout a: the runner root is /home/runner):
# ARC311/ARC312: init-dind-externals runs the runner image as its user, exec form ["cp", "-r",
# "/home/runner/externals/.", DIR] with the image's PATH
echo "cp.path=$(command -v cp || echo none)"
out=$(cp -r /home/runner/externals/. /tmp/rl-probe-externals/ 2>&1); echo "cp.externals=$? $(echo "$out" | one)"
# ARC313: the runner finds docker on PATH (WhichUtil.Which("docker"))
echo "docker.path=$(command -v docker || echo none)"
# ARC321: the runner's ContainerHookManager: File.Exists(path) and a .js, .sh or .ps1 extension
if [ -n "$HOOKS" ]; then
  if [ -f "$HOOKS" ]; then e=file; else e="$(ls -ld "$HOOKS" 2>&1 | one)"; fi
  case "$HOOKS" in *.js|*.sh|*.ps1) x=yes ;; *) x=no ;; esac
  echo "hooks.path=$HOOKS"
  echo "hooks.file=$e"
  echo "hooks.ext=$x"
fi
# ARC322: the runner runs a .js hook with <root>/externals/node20/bin/node
# (in the runner root run.sh runs the runner from: its own directory, symlink resolved)
out=$(env "$DIR/externals/node20/bin/node" 2>&1); echo "exec.node=$? $(echo "$out" | one)"
