#!/bin/busybox sh
# /init of the COLO lab guest: a busybox system with the services the tests use as oracles.
#   80  HTTP (busybox httpd)                      -> is the service up?
#    7  line echo on a persistent connection     -> deterministic output, no checkpoints
#    8  each line answered with the guest's uptime -> differs between PVM and SVM: mismatches
#    9  the disk counter                          -> proves block replication after failover
# The disk counter lives in sector 0 of /dev/sda, incremented every 2 s.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r m; do insmod "/lib/modules/$m" 2>/dev/null; done < /modules.load

ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2

mkdir -p /www
echo "colo-lab guest" > /www/index.html
httpd -p 80 -h /www

nc -ll -p 7 -e cat &
nc -ll -p 8 -e sh -c 'while read -r l; do echo "$(cat /proc/uptime) $l"; done' &

disk=/dev/sda
i=0
while [ ! -b "$disk" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
read_counter() { dd if=$disk bs=512 count=1 2>/dev/null | head -c 20 | tr -dc 0-9; }
(
  n=$(read_counter); n=${n:-0}
  while :; do
    n=$((n+1))
    printf '%-20s' "$n" | dd of=$disk bs=512 count=1 conv=notrunc,fsync 2>/dev/null
    sleep 2
  done
) &
nc -ll -p 9 -e sh -c 'dd if=/dev/sda bs=512 count=1 iflag=direct 2>/dev/null | head -c 20 | tr -dc 0-9; echo' &

echo "COLO-LAB-READY"
while :; do sleep 3600; done
