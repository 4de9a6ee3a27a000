#!/usr/bin/env bash
# Runs coloctl from this checkout, (re)building the engine first when its sources are newer.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
jar=$(ls "$top"/engine/target/colo-engine-*.jar 2>/dev/null | grep -v -- '-tests' | head -n 1 || true)
if [[ -z "$jar" || ! -d "$top/engine/target/lib" || -n "$(find "$top/engine/src/main" "$top/engine/pom.xml" -newer "$jar" -print -quit)" ]]; then
  (cd "$top" && mvn -B -q -DskipTests -pl engine -am package) >&2
  jar=$(ls "$top"/engine/target/colo-engine-*.jar | head -n 1)
fi
exec java -cp "$jar:$top/engine/target/lib/*" org.coloconsole.engine.cli.ColoCtl "$@"
