# The "boot" of a two-host lab host, run by lab-setup inside the host's network namespace and its
# own mount namespace (ip netns exec makes one), just before its sshd. It gives the host what a
# separate machine has of its own: /run, /dev/shm, the cluster stack's configuration and state
# (/etc/corosync, /var/lib/pacemaker, …) and root's state dir (the engine's journal and pair lock).
# Everything started later over SSH (QEMU, Corosync, Pacemaker, the OCF agent) sees these.
# Arguments: HOST_DIR OCF_DIR|"" COMMAND... (values come as arguments, never inside this text).
set -eu
d=$1; ocf=$2; shift 2
m="$d/machine"
mkdir -p "$m/netns" "$m/state" "$m/etc-corosync" "$m/lib-corosync" "$m/log-corosync" "$m/lib-pacemaker" "$m/log-pacemaker"
# A private /run (Corosync's pid lock, Pacemaker's and qdevice's sockets), keeping the namespaces'
# names (the lab's fence agent finds a host's processes by them): set aside, then moved back.
mount --rbind /run/netns "$m/netns"
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/netns /run/sshd /run/lock /run/crm /run/resource-agents /run/corosync-qdevice /run/corosync-qnetd /run/colo-console
mount --move "$m/netns" /run/netns
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mkdir -p /root/.local/state
mount --bind "$m/state" /root/.local/state
if [ -d /etc/corosync ] && [ -d /var/lib/pacemaker ] && id hacluster >/dev/null 2>&1; then
  [ -e "$m/etc-corosync/uidgid.d" ] || cp -a /etc/corosync/uidgid.d "$m/etc-corosync/" 2>/dev/null || true
  mkdir -p "$m/lib-pacemaker/cib" "$m/lib-pacemaker/pengine" "$m/lib-pacemaker/blackbox" "$m/lib-pacemaker/cores"
  chown -R hacluster:haclient "$m/lib-pacemaker" "$m/log-pacemaker"
  chmod 750 "$m/lib-pacemaker"/*; chmod 770 "$m/log-pacemaker"
  chown hacluster:haclient /run/crm
  id coroqnetd >/dev/null 2>&1 && chown coroqnetd /run/corosync-qnetd
  mount --bind "$m/etc-corosync" /etc/corosync
  mount --bind "$m/lib-corosync" /var/lib/corosync
  mount --bind "$m/log-corosync" /var/log/corosync
  mount --bind "$m/lib-pacemaker" /var/lib/pacemaker
  mkdir -p /var/log/pacemaker && mount --bind "$m/log-pacemaker" /var/log/pacemaker
  # The checkout's OCF agent where Pacemaker looks for ocf:colo-console:colo (the .deb puts it there on real hosts).
  if [ -n "$ocf" ] && [ -d /usr/lib/ocf/resource.d ]; then
    mkdir -p /usr/lib/ocf/resource.d/colo-console
    mount --bind "$ocf" /usr/lib/ocf/resource.d/colo-console
  fi
fi
exec "$@"
