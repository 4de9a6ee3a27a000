#!/usr/bin/env bash
# Installs the built .deb on this machine, checks it works as an operator would use it, and
# removes it again: coloctl --version, coloctl plan protect on the built-in lab profile, the console
# window under Xvfb (screenshot: installers/target/installed-console.png).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=installers/target
deb=$(ls "$out"/colo-console_*.deb)
export DEBIAN_FRONTEND=noninteractive

cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  command -v coloctl >/dev/null && coloctl lab-teardown >/dev/null 2>&1 || true
  apt-get remove -y -q colo-console >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "test-deb: installing $deb ($(du -h "$deb" | cut -f1))"
apt-get install -y -q "./$deb" >/dev/null
test -x /usr/bin/coloctl && test -x /usr/bin/colo-console
test -f /opt/colo-console/lib/app/lab/build-lab.sh
echo "test-deb: the OCF agent answers meta-data through the installed coloctl"
/usr/lib/ocf/resource.d/colo-console/colo meta-data > "$out/ocf-meta-data.txt"
grep -q '<resource-agent name="colo"' "$out/ocf-meta-data.txt"
ls /usr/share/applications/*colo-console*.desktop >/dev/null

echo "test-deb: coloctl --version"
coloctl --version | tee "$out/coloctl-version.txt"
grep -q "coloctl 0\." "$out/coloctl-version.txt"

echo "test-deb: coloctl plan protect (built-in lab profile)"
coloctl plan protect > "$out/plan-protect.txt"
grep -q "Runbook protect for pair lab (18 steps)" "$out/plan-protect.txt"
grep -q "nbd-server-start" "$out/plan-protect.txt"

echo "test-deb: coloctl lab-setup from the installed package (the lab travels with it)"
coloctl lab-setup > "$out/lab-setup.txt"
grep -q "lab pair ready" "$out/lab-setup.txt"
test -f /opt/colo-console/lib/app/lab/fence_colo_lab

echo "test-deb: starting the installed console under Xvfb"
Xvfb :77 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for i in $(seq 1 50); do [[ -e /tmp/.X11-unix/X77 ]] && break; sleep 0.1; done
DISPLAY=:77 /opt/colo-console/bin/colo-console > "$out/installed-console.log" 2>&1 &
app_pid=$!
ok=0
for i in $(seq 1 60); do
  sleep 0.5
  kill -0 "$app_pid" 2>/dev/null || { echo "test-deb: the console exited:"; cat "$out/installed-console.log"; exit 1; }
  # The window is up once the screen is no longer a single colour.
  import -display :77 -window root "$out/installed-console.png" 2>/dev/null || continue
  colours=$(convert "$out/installed-console.png" -format %k info: 2>/dev/null || echo 1)
  if [[ "$colours" -gt 10 ]]; then ok=1; break; fi
done
[[ $ok == 1 ]] || { echo "test-deb: no window appeared within 30 s"; cat "$out/installed-console.log"; exit 1; }
sleep 1
import -display :77 -window root "$out/installed-console.png"
echo "test-deb: screenshot $out/installed-console.png"

kill "$app_pid"; app_pid=
echo "test-deb: coloctl lab-teardown leaves nothing of the lab"
coloctl lab-teardown > "$out/lab-teardown.txt"
grep -q "nothing of it is left" "$out/lab-teardown.txt"
if ip netns list | grep -E '^cl-' >/dev/null; then echo "test-deb: lab namespaces left: $(ip netns list)"; exit 1; fi
apt-get remove -y -q colo-console >/dev/null
test ! -e /usr/bin/coloctl
test ! -e /usr/lib/ocf/resource.d/colo-console/colo
echo "test-deb: PASS (package $(du -h "$deb" | cut -f1), installed, used and removed)"
