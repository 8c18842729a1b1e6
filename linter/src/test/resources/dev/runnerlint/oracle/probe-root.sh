# Probes of what does not depend on the image's user, run as root (uid 0) by the image's /bin/sh:
#   sh /rl-probe/probe-root.sh RUNNER_DIR
RD="$1"
# one() and DIR, the runner directory as run.sh finds it; prints started=yes
. "$(dirname "$0")/probe-lib.sh"
# ARC001: run.sh is a regular file (symlinks followed)
if [ -f "$RD/run.sh" ]; then echo "runsh.file=yes"; else echo "runsh.file=no ($(ls -ld "$RD/run.sh" 2>&1 | one))"; fi
# ARC003: run.sh's first line as a script's '#!' line, executed by the kernel
if head -n 1 "$RD/run.sh" > /tmp/rl-shebang 2>/dev/null; then
  echo 'exit 0' >> /tmp/rl-shebang; chmod 755 /tmp/rl-shebang
  out=$(env /tmp/rl-shebang 2>&1); echo "shebang=$? $(echo "$out" | one)"
else
  echo "shebang=unreadable"
fi
# ARC004: the working directory is the runner directory (physical paths)
echo "pwd=$(pwd -P)"
echo "rundir=$DIR"
# ARC101/ARC103: the passwd and group databases, through NSS
echo "runner.passwd=$(getent passwd runner)"
echo "docker.group=$(getent group docker)"
echo "runner.groups=$(id -Gn runner 2>&1)"
# ARC104: sudo as an unprivileged user (nobody): the setuid check comes first
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sudo -n true 2>&1); rc=$?
echo "sudo.nobody=$rc $(echo "$out" | grep -v 'unable to resolve host' | one)"
# ARC105: sudo -n as runner, with runner's passwd gid and /etc/group memberships
out=$(setpriv --reuid=runner --regid="$(id -g runner 2>/dev/null || echo 65534)" --init-groups sudo -n id -u 2>&1); rc=$?
echo "sudo.runner=$rc $(echo "$out" | grep -v 'unable to resolve host' | one)"
# ARC331: kubernetes-novolume's fs-init runs sh -c 'mkdir … && mv …' with the image's PATH
m=""
for t in sh mkdir mv; do command -v "$t" >/dev/null 2>&1 || m="$m $t"; done
echo "fsinit.tools=${m:-all}"
# ARC332: fs-init runs as runAsUser/runAsGroup 1001 (the runtime adds uid 1001's /etc/group
# memberships) and moves the entries of /home/runner/externals out: create and remove one
g="$(id -G 1001 2>/dev/null | tr ' ' ',')"
if [ -n "$g" ]; then grp="--groups=$g"; else grp="--clear-groups"; fi
out=$(setpriv --reuid=1001 --regid=1001 "$grp" sh -c 'touch /home/runner/externals/.rl-probe && rm /home/runner/externals/.rl-probe' 2>&1)
echo "fsinit.write=$? $(echo "$out" | one)"
