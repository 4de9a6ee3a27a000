#!/bin/busybox sh
# /init of the COLO lab guest: a busybox system with the services the tests use as oracles.
#   80  HTTP (busybox httpd)                       -> is the service up?
#    7  line echo on a persistent connection      -> deterministic output, no checkpoints
#    8  each line answered with the guest's uptime -> differs between PVM and SVM: mismatches
#    9  the disk counter                           -> proves block replication after failover
#   10  durable writes                             -> every acknowledged write is on the survivor
# Disk layout (/dev/sda, 512-byte sectors, each record padded with spaces and ended by a newline):
#   sector 0              the counter: read from the disk before every increment, no copy in memory
#   sector 2048 (1 MiB)   the boot marker: written once at boot ("BOOT <nonce>"), also on the console; alone
#                         in its MiB, so no later write nearby (the guest writes 4 KiB pages) rewrites it
#   sector 4096 + SEQ     durable record SEQ (0 <= SEQ < 100000)
# Every disk access below is O_DIRECT (the guest's page cache never answers for the disk), and
# every write is followed by fsync before it is acknowledged.
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

# The disk helpers, shared by the services (each runs in a shell of its own).
cat > /bin/sector <<'SH'
#!/bin/sh
# sector read N           -> the record at sector N (padding removed)
# sector write N TEXT     -> writes TEXT to sector N with O_DIRECT + fsync; exit 0 once it is on disk
disk=/dev/sda
case "$1" in
  read) dd if=$disk bs=512 skip="$2" count=1 iflag=direct 2>/dev/null | tr -d '\000' | head -n 1 | sed 's/ *$//' ;;
  write) printf '%-511.511s\n' "$3" | dd of=$disk bs=512 seek="$2" count=1 iflag=fullblock oflag=direct conv=notrunc,fsync 2>/dev/null ;;
  *) exit 2 ;;
esac
SH
chmod 755 /bin/sector

# The boot marker: a fresh nonce at every boot, on the console (what the guest wrote) and on disk.
marker="BOOT $(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
if sector write 2048 "$marker"; then echo "COLO-LAB-BOOT-MARKER $marker (guest uptime $(cut -d" " -f1 /proc/uptime) s)"; else echo "COLO-LAB-BOOT-MARKER-FAILED"; fi

# The counter: read from disk, incremented, written back, every 2 s.
(
  while :; do
    n=$(sector read 0 | tr -dc 0-9)
    sector write 0 "$((${n:-0} + 1))"
    sleep 2
  done
) &
nc -ll -p 9 -e sh -c 'sector read 0 | tr -dc 0-9; echo' &

# Durable writes, one connection may carry many:
#   W SEQ PAYLOAD  -> "OK SEQ" once the record is on disk (O_DIRECT + fsync), "ERR SEQ ..." if not
#   R SEQ          -> "REC SEQ PAYLOAD" read back from disk (O_DIRECT), or "NONE SEQ"
#   B              -> "BOOT <nonce>" read back from disk (O_DIRECT)
cat > /bin/durable <<'SH'
#!/bin/sh
while read -r cmd seq payload; do
  case "$cmd" in
    W|R) case "$seq" in ''|*[!0-9]*) echo "ERR bad sequence number '$seq'"; continue ;; esac
         if [ "$seq" -ge 100000 ]; then echo "ERR $seq out of range"; continue; fi ;;
  esac
  case "$cmd" in
    W) if sector write $((4096 + seq)) "$seq $payload"; then echo "OK $seq"; else echo "ERR $seq write failed"; fi ;;
    R) rec=$(sector read $((4096 + seq)))
       case "$rec" in "$seq "*) echo "REC $rec" ;; *) echo "NONE $seq" ;; esac ;;
    B) m=$(sector read 2048); echo "${m:-NOBOOT (sector 2048 is empty)}" ;;
    *) echo "ERR unknown command '$cmd' (W SEQ PAYLOAD, R SEQ, B)" ;;
  esac
done
SH
chmod 755 /bin/durable
nc -ll -p 10 -e /bin/durable &

echo "COLO-LAB-READY"
while :; do sleep 3600; done
