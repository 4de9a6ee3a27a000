package org.coloconsole.engine.pacemaker;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.coloconsole.engine.model.ClusterStatus;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads {@code crm_mon --one-shot --output-as=xml --fence-history=3} (Pacemaker 2.1's XML API) into a
 * {@link ClusterStatus} for one pair's clone.
 */
public final class CrmMon {
    /** The command, as run on a cluster host. */
    public static final List<String> ARGV = List.of("crm_mon", "--one-shot", "--output-as=xml", "--fence-history=3",
            "--include=all");

    private CrmMon() {
    }

    /**
     * @param cloneId the pair's clone ({@link ClusterPlan#cloneId()})
     * @throws IllegalArgumentException when the text is not crm_mon's XML
     */
    public static ClusterStatus parse(String xml, String cloneId, String answeredBy) {
        Document d;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not crm_mon's XML: " + e.getMessage(), e);
        }
        Element dcEl = first(d, "current_dc");
        boolean quorate = dcEl != null && "true".equals(dcEl.getAttribute("with_quorum"));
        String dc = dcEl != null && "true".equals(dcEl.getAttribute("present")) ? dcEl.getAttribute("name") : null;
        Element opts = first(d, "cluster_options");
        boolean maintenance = opts != null && "true".equals(opts.getAttribute("maintenance-mode"));
        List<ClusterStatus.Node> nodes = new ArrayList<>();
        Element nodesEl = first(d, "nodes");
        if (nodesEl != null) {
            for (Element n : children(nodesEl, "node")) {
                nodes.add(new ClusterStatus.Node(n.getAttribute("name"), "true".equals(n.getAttribute("online")),
                        "true".equals(n.getAttribute("unclean")), "true".equals(n.getAttribute("standby"))));
            }
        }
        String promoted = null;
        List<String> unpromoted = new ArrayList<>();
        NodeList clones = d.getElementsByTagName("clone");
        for (int i = 0; i < clones.getLength(); i++) {
            Element c = (Element) clones.item(i);
            if (!cloneId.equals(c.getAttribute("id"))) {
                continue;
            }
            for (Element r : children(c, "resource")) {
                if (!"true".equals(r.getAttribute("active"))) {
                    continue;
                }
                for (Element on : children(r, "node")) {
                    String role = r.getAttribute("role");
                    if (role.equals("Promoted") || role.equals("Master")) {
                        promoted = on.getAttribute("name");
                    } else {
                        unpromoted.add(on.getAttribute("name") + (role.equals("Unpromoted") || role.equals("Slave") ? ""
                                : " (" + role + ")"));
                    }
                }
            }
        }
        List<String> failed = new ArrayList<>();
        NodeList failures = d.getElementsByTagName("failure");
        for (int i = 0; i < failures.getLength(); i++) {
            Element f = (Element) failures.item(i);
            failed.add(f.getAttribute("op_key") + " on " + f.getAttribute("node") + ": " + f.getAttribute("exitstatus")
                    + (f.getAttribute("exitreason").isBlank() ? "" : " (" + f.getAttribute("exitreason") + ")")
                    + " at " + f.getAttribute("last-rc-change"));
        }
        List<String> fencing = new ArrayList<>();
        NodeList fences = d.getElementsByTagName("fence_event");
        for (int i = 0; i < fences.getLength(); i++) {
            Element f = (Element) fences.item(i);
            fencing.add(f.getAttribute("action") + " of " + f.getAttribute("target") + " by " + f.getAttribute("delegate")
                    + ": " + f.getAttribute("status") + (f.getAttribute("completed").isBlank() ? ""
                    : " at " + f.getAttribute("completed")));
        }
        // Promotion scores: node_attributes, "master-<primitive>" (the clone's id without "-clone").
        java.util.Map<String, Integer> scores = new java.util.HashMap<>();
        String scoreName = "master-" + cloneId.replaceFirst("-clone$", "");
        Element attrs = first(d, "node_attributes");
        if (attrs != null) {
            for (Element n : children(attrs, "node")) {
                for (Element a : children(n, "attribute")) {
                    if (scoreName.equals(a.getAttribute("name")) && a.getAttribute("value").matches("-?\\d{1,9}")) {
                        scores.put(n.getAttribute("name"), Integer.parseInt(a.getAttribute("value")));
                    }
                }
            }
        }
        return new ClusterStatus(answeredBy, quorate, dc, maintenance, nodes, promoted, unpromoted, failed, fencing, scores);
    }

    private static Element first(Document d, String tag) {
        NodeList l = d.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }
}
