#!/usr/bin/env bash
# The two-host lab's fence agent: powers a lab host off as a power cut would (every process in its
# network namespace dies: QEMU, sshd, sessions) and succeeds only once it verified that none is left.
#   lab-fence.sh PREFIX NODE      NODE: primary-node | secondary-node | hostA | hostB
# Exit 0: off and verified. 1: could not verify. 2: bad input. Only the lab's own namespace is touched.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: lab-fence.sh PREFIX NODE" >&2; exit 2; }
prefix=$1
case "$2" in
  primary-node|hostA) host=hostA ;;
  secondary-node|hostB) host=hostB ;;
  *) echo "lab-fence: unknown node '$2' (primary-node, secondary-node, hostA, hostB)" >&2; exit 2 ;;
esac
[[ $prefix =~ ^[a-z][a-z0-9]{0,3}$ ]] || { echo "lab-fence: bad lab prefix '$prefix'" >&2; exit 2; }
ns="$prefix-$host"
ip netns list | awk '{print $1}' | grep -x -- "$ns" >/dev/null || { echo "lab-fence: no namespace $ns" >&2; exit 1; }
pids=""
for _ in $(seq 1 250); do
  pids=$(ip netns pids "$ns" | tr '\n' ' ')
  if [[ -z "${pids// /}" ]]; then
    echo "lab-fence: $host is off (no process left in namespace $ns)"
    exit 0
  fi
  # shellcheck disable=SC2086 # a list of pids
  kill -KILL $pids 2>/dev/null || true
  sleep 0.02
done
echo "lab-fence: $host still has processes after 5 s: $pids" >&2
exit 1
