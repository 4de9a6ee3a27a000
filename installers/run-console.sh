#!/usr/bin/env bash
# Builds COLO Console from this checkout and starts it. With no DISPLAY (a server, CI, a
# container), it runs the window under Xvfb so it still starts; a desktop session is the real use.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

installers/dev-setup.sh --console
mvn -B -q -DskipTests -pl app -am package

# The built-in default is the local lab pair: prepare its guest and disks if missing.
installers/coloctl.sh lab-setup

jar=$(ls app/target/colo-console-app-*.jar | head -n 1)
cp="$jar:app/target/lib/*"
run=(java -cp "$cp" org.coloconsole.app.Launcher "$@")
if [[ -z "${DISPLAY:-}" ]]; then
  echo "run-console: no DISPLAY; starting the console under Xvfb" >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" "${run[@]}"
fi
exec "${run[@]}"
