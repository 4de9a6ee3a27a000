package org.coloconsole.engine.cluster;

/** A profile with every key the parser accepts, each set to a value other than its default (shared by tests). */
public final class ProfileWriterTestKeys {
    private ProfileWriterTestKeys() {
    }

    /** Every key the parser knows, each with a value other than its default. */
    public static final String EVERY_KEY = """
            pairs:
              - name: rack-7
                checkpointDelayMs: 5000
                compareTimeoutMs: 2500
                expiredScanCycleMs: 700
                resyncMiBps: 64
                pacemaker:
                  clusterName: colo-rack-7
                  tokenMs: 500
                  primaryNode: hosta
                  primaryRing: 10.77.1.1
                  secondaryNode: hostb
                  secondaryRing: 10.77.1.2
                  qdevice: 10.77.9.9
                  qdevicePort: 5404
                  qdeviceTls: false
                drill:
                  maxClientGapMs: 1500
                  maxToProtectedMs: 900000
                  check: ["/usr/local/bin/check-orders", "--host", "{address}"]
                  durableWritesPort: 10
                probe:
                  kind: http
                  address: 10.0.0.50
                  port: 8080
                  intervalMs: 250
                  host: ssh://probe@10.0.0.9:2222
                  identity: /home/op/.ssh/probe_ed25519
                  knownHosts: /home/op/.ssh/known_hosts_probe
                primary:
                  host: ssh://root@10.0.0.1:22
                  identity: /home/op/.ssh/id_ed25519
                  knownHosts: /home/op/.ssh/known_hosts
                  replicationAddress: 192.168.50.1
                  qemu: /usr/local/bin/qemu-system-x86_64
                  accelerator: tcg
                  memory: 131080K
                  cpus: 2
                  image: /var/lib/colo/vm.qcow2
                  workDir: /run/colo/rack-7
                  portBase: 9101
                  network: {type: tap, bridgeHelper: /usr/libexec/qemu-bridge-helper, mac: "52:54:00:12:34:56"}
                  nic: virtio-net-pci
                  boot: {kernel: /boot/vmlinuz, initrd: /boot/initrd.img, append: "console=ttyS0 root=/dev/vda"}
                  tcgShim: /usr/lib/colo-console/colo-tcg-shim.so
                  extraArgs: ["-rtc", "base=utc", "-global", "kvm-pit.lost_tick_policy=discard"]
                  fence:
                    agent: /usr/sbin/fence_ipmilan
                    options: {ip: 10.0.9.1, username: admin, password: "s3cret: yes", lanplus: "1"}
                    secret: [password]
                    timeoutMs: 45000
                    verifyProbes: 5
                    level: host
                secondary:
                  host: local
                  replicationAddress: 192.168.50.2
                  qemu: qemu-system-x86_64
                  accelerator: kvm
                  memory: 2G
                  image: /var/lib/colo/vm-copy.qcow2
                  workDir: /run/colo/rack-7b
                  portBase: 9201
                  network: {type: user, hostForwards: ["127.0.0.1:18080-:80", "127.0.0.2:2222-:22"]}
                  fence:
                    agent: /usr/sbin/fence_colo_lab
                    options: {pidfile: /run/colo/rack-7b/qemu.pid, expect: "true"}
                    level: process
            """;
}
