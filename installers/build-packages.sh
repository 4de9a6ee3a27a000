#!/usr/bin/env bash
# Builds the installable packages with jpackage, into installers/target/:
#   colo-console/                 the app image (bin/colo-console, bin/coloctl, a trimmed Java runtime)
#   colo-console_VERSION_amd64.deb the Debian package: /opt/colo-console, coloctl and colo-console on
#                                  the PATH, a desktop entry and icon, GTK and QEMU tools as dependencies
# JavaFX goes on the module path and into the runtime image, so the package stays small.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=installers/target
rm -rf "$out"
mkdir -p "$out/input/lab" "$out/jfxmods"

mvn -B -q -DskipTests package
version=$(sed -n 's:.*<version>\([0-9.]*\)\(-SNAPSHOT\)\{0,1\}</version>.*:\1:p' pom.xml | head -n 1)

cp app/target/colo-console-app-*.jar "$out/input/"
for jar in app/target/lib/*.jar; do
  case "$(basename "$jar")" in
    javafx-*-linux.jar) cp "$jar" "$out/jfxmods/" ;;
    javafx-*) ;;                                # the platform-less stubs: not needed
    *) cp "$jar" "$out/input/" ;;
  esac
done
# The lab travels with the package: an installed console can prepare its local lab pair.
cp installers/lab/build-lab.sh installers/lab/guest-init.sh installers/lab/colo-tcg-shim.c installers/lab/fence_colo_lab "$out/input/lab/"
app_jar=$(basename "$(ls "$out"/input/colo-console-app-*.jar)")

modules=javafx.controls,javafx.fxml,java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,\
java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.localedata

jpackage --type app-image --dest "$out" --name colo-console --app-version "$version" \
  --vendor "COLO Console" --description "Console for QEMU COLO fault tolerance" \
  --input "$out/input" --main-jar "$app_jar" --main-class org.coloconsole.app.Launcher \
  --module-path "$out/jfxmods" --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2" \
  --java-options "-Xmx1g" \
  --add-launcher coloctl=installers/coloctl.properties \
  --icon installers/icons/colo-console.png

jpackage --type deb --dest "$out" --app-image "$out/colo-console" --name colo-console --app-version "$version" \
  --vendor "COLO Console" --description "Console for QEMU COLO fault tolerance" \
  --linux-package-name colo-console --linux-app-category admin --linux-menu-group "System" \
  --linux-shortcut --icon installers/icons/colo-console.png \
  --linux-package-deps "libgtk-3-0, libxtst6, libgl1, libasound2, qemu-utils, openssh-client, socat"

# jpackage puts everything under /opt; operators expect the commands on the PATH.
deb=$(ls "$out"/colo-console_*.deb)
rm -rf "$out/deb-root"
dpkg-deb -R "$deb" "$out/deb-root"
mkdir -p "$out/deb-root/usr/bin" "$out/deb-root/usr/share/applications"
ln -sf /opt/colo-console/bin/coloctl "$out/deb-root/usr/bin/coloctl"
ln -sf /opt/colo-console/bin/colo-console "$out/deb-root/usr/bin/colo-console"
# One desktop entry, for the console only (coloctl is a terminal tool), installed as a plain file:
# jpackage's scripts call xdg-desktop-menu, which fails on machines without a desktop menu.
rm -f "$out"/deb-root/opt/colo-console/lib/*.desktop "$out/deb-root/opt/colo-console/lib/coloctl.png"
cp installers/colo-console.desktop "$out/deb-root/usr/share/applications/colo-console.desktop"
# The OCF agent ocf:colo-console:colo, where Pacemaker looks for agents (it runs coloctl agent).
mkdir -p "$out/deb-root/usr/lib/ocf/resource.d/colo-console"
install -m 755 installers/ocf/colo "$out/deb-root/usr/lib/ocf/resource.d/colo-console/colo"
for script in postinst prerm; do
  printf '#!/bin/sh\nset -e\nif command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi\nexit 0\n' \
    > "$out/deb-root/DEBIAN/$script"
  chmod 755 "$out/deb-root/DEBIAN/$script"
done
fakeroot dpkg-deb -Zxz -b "$out/deb-root" "$deb" >/dev/null
rm -rf "$out/deb-root"
echo "build-packages: $(du -h "$deb" | cut -f1) $deb"
echo "build-packages: app image $out/colo-console ($(du -sh "$out/colo-console" | cut -f1))"
