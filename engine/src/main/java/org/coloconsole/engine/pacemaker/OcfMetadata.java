package org.coloconsole.engine.pacemaker;

/** The OCF meta-data of {@code ocf:colo-console:colo}: its parameters and actions, as Pacemaker reads them. */
public final class OcfMetadata {
    private OcfMetadata() {
    }

    public static String xml() {
        return """
                <?xml version="1.0"?>
                <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
                <resource-agent name="colo" version="1.0">
                  <version>1.1</version>
                  <longdesc lang="en">A QEMU COLO pair as a promotable clone: the promoted instance is the COLO
                primary (or the survivor running alone after a failover), the unpromoted one the secondary.
                The work is done by COLO Console's engine (coloctl agent), from the same profile the console uses.</longdesc>
                  <shortdesc lang="en">QEMU COLO pair (COLO Console)</shortdesc>
                  <parameters>
                    <parameter name="pair" unique="1" required="1">
                      <longdesc lang="en">The pair's name in the profile.</longdesc>
                      <shortdesc lang="en">pair name</shortdesc>
                      <content type="string"/>
                    </parameter>
                    <parameter name="profile" unique="0" required="1">
                      <longdesc lang="en">The cluster profile (YAML) on this host.</longdesc>
                      <shortdesc lang="en">profile file</shortdesc>
                      <content type="string" default="/etc/colo-console/colo.yaml"/>
                    </parameter>
                    <parameter name="coloctl" unique="0" required="0">
                      <longdesc lang="en">The coloctl program on this host (the .deb installs /usr/bin/coloctl).</longdesc>
                      <shortdesc lang="en">coloctl path</shortdesc>
                      <content type="string" default="/usr/bin/coloctl"/>
                    </parameter>
                  </parameters>
                  <actions>
                    <action name="start" timeout="300s"/>
                    <action name="stop" timeout="120s"/>
                    <action name="promote" timeout="120s"/>
                    <action name="demote" timeout="120s"/>
                    <action name="notify" timeout="300s"/>
                    <action name="monitor" depth="0" timeout="20s" interval="3s" role="Promoted"/>
                    <action name="monitor" depth="0" timeout="20s" interval="4s" role="Unpromoted"/>
                    <action name="meta-data" timeout="5s"/>
                    <action name="validate-all" timeout="20s"/>
                  </actions>
                </resource-agent>
                """;
    }
}
