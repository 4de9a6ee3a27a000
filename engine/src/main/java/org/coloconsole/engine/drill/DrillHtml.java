package org.coloconsole.engine.drill;

import java.util.List;
import java.util.Locale;
import org.coloconsole.engine.model.DrillReport;

/**
 * A drill report as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched):
 * it opens anywhere, offline, years later. The verdict first, then what was measured against the
 * objectives, the chart (probe latency, checkpoint pauses and the phases over the drill's time),
 * the data check, and every step with its command and answer.
 */
public final class DrillHtml {
    static final int W = 960;
    static final int H = 260;
    static final int PAD_L = 56;
    static final int PAD_R = 16;
    static final int PAD_T = 52;
    static final int PAD_B = 36;

    private DrillHtml() {
    }

    public static String render(DrillReport r) {
        StringBuilder b = new StringBuilder(32_000);
        String colour = switch (r.verdict()) {
            case PASSED -> "#1b7f3a";
            case MISSED -> "#a86400";
            case FAILED -> "#b3261e";
        };
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc("Failover drill " + r.id() + ": " + r.verdict())).append("</title>\n<style>\n")
                .append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#1d1d1f;max-width:1000px}\n")
                .append("h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:24px 0 8px}\n")
                .append(".verdict{color:#fff;padding:12px 16px;border-radius:6px;font-size:20px;font-weight:bold}\n")
                .append("table{border-collapse:collapse;width:100%;font-size:13px} td,th{border:1px solid #d0d0d0;padding:4px 6px;")
                .append("text-align:left;vertical-align:top} th{background:#f2f2f2}\n")
                .append(".ok{color:#1b7f3a;font-weight:bold} .bad{color:#b3261e;font-weight:bold} code{font-size:12px;white-space:pre-wrap}\n")
                .append(".meta{color:#555;font-size:13px}\n</style></head><body>\n");
        b.append("<h1>Failover drill of pair ").append(esc(r.pair())).append("</h1>\n<p class=\"meta\">").append(esc(r.id()))
                .append(" · run by ").append(esc(r.operator())).append(" on ").append(esc(r.host())).append(" · ")
                .append(esc(r.startedAt())).append(" to ").append(esc(r.finishedAt())).append(" · QEMU ").append(esc(r.qemuVersion()))
                .append(" · COLO Console ").append(esc(r.consoleVersion())).append("</p>\n");
        b.append("<div class=\"verdict\" id=\"verdict\" style=\"background:").append(colour).append("\">Verdict: ")
                .append(r.verdict()).append(r.passed() ? " — every objective met" : "").append("</div>\n");
        if (!r.reasons().isEmpty()) {
            b.append("<ul>");
            for (String reason : r.reasons()) {
                b.append("<li>").append(esc(reason)).append("</li>");
            }
            b.append("</ul>\n");
        }
        b.append("<p>The ").append(esc(r.victim())).append("'s QEMU (the ").append(esc(r.killedRole()))
                .append(") was killed. The pair ended: ").append(esc(r.finalState())).append(".</p>\n");

        b.append("<h2>Measured against the objectives</h2>\n<table id=\"measures\"><tr><th>measure</th><th>value</th><th>objective</th><th></th></tr>\n");
        row(b, "client gap (longest silence the service probe saw)", ms(r.clientGapMs()), "≤ " + r.objectives().maxClientGapMs() + " ms",
                r.clientGapMs() < 0 ? null : r.clientGapMs() <= r.objectives().maxClientGapMs());
        row(b, "time to Protected again (from the kill)", ms(r.toProtectedMs()), "≤ " + r.objectives().maxToProtectedMs() + " ms",
                r.toProtectedMs() < 0 ? Boolean.FALSE : r.toProtectedMs() <= r.objectives().maxToProtectedMs());
        row(b, "time to detect (kill to the engine seeing it)", ms(r.detectMs()), "", null);
        row(b, "failover runbook", ms(r.failoverMs()), "", null);
        row(b, "checkpoints before the kill / at the end", r.checkpointsBefore() + " / " + r.checkpointsAfter(), "", null);
        row(b, "data check (" + r.dataCheck().kind() + ")", r.dataCheck().detail(), "every acknowledged write on the survivor",
                "none".equals(r.dataCheck().kind()) ? null : r.dataCheck().passed());
        b.append("</table>\n");

        b.append("<h2>Over the drill</h2>\n").append(chart(r)).append('\n');

        b.append("<h2>Phases</h2>\n<table id=\"phases\"><tr><th>phase</th><th>from</th><th>to</th><th>deadline</th><th></th><th>note</th></tr>\n");
        for (DrillReport.Phase p : r.phases()) {
            b.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(sec(p.startMs())).append("</td><td>")
                    .append(sec(p.endMs())).append("</td><td>").append(p.deadlineMs() > 0 ? sec(p.deadlineMs()) : "").append("</td><td>")
                    .append(p.ok() ? "<span class=\"ok\">ok</span>" : "<span class=\"bad\">FAILED</span>").append("</td><td>")
                    .append(esc(p.note())).append("</td></tr>\n");
        }
        b.append("</table>\n");

        b.append("<h2>Every step</h2>\n<table id=\"steps\"><tr><th>at</th><th>phase</th><th>node</th><th>step</th><th>sent</th><th>answer</th></tr>\n");
        for (DrillReport.Step s : r.steps()) {
            b.append("<tr><td>").append(sec(s.atMs())).append("</td><td>").append(esc(s.phase())).append("</td><td>")
                    .append(esc(s.node())).append("</td><td>").append(esc(s.id())).append(s.ok() ? "" : " <span class=\"bad\">FAILED</span>")
                    .append("</td><td><code>").append(esc(s.command())).append("</code></td><td><code>").append(esc(s.answer()))
                    .append("</code></td></tr>\n");
        }
        b.append("</table>\n</body></html>\n");
        return b.toString();
    }

    /**
     * Probe latency (dots, left axis), checkpoint pauses (bars, same axis), the phases as bands and
     * the kill as a red line, over the drill's seconds. The axis is capped at the 99th percentile
     * so one long pause does not flatten everything; what is above it is drawn at the top.
     */
    static String chart(DrillReport r) {
        long end = 1;
        for (DrillReport.Phase p : r.phases()) {
            end = Math.max(end, p.endMs());
        }
        for (DrillReport.Point p : r.probe()) {
            end = Math.max(end, p.atMs());
        }
        List<Double> values = new java.util.ArrayList<>();
        r.probe().forEach(p -> values.add(p.valueMs()));
        r.checkpoints().forEach(p -> values.add(p.valueMs()));
        values.removeIf(v -> v < 0);
        values.sort(null);
        double top = values.isEmpty() ? 10 : Math.max(10, values.get(Math.min(values.size() - 1, (int) (values.size() * 0.99))));
        double plotW = W - PAD_L - PAD_R;
        double plotH = H - PAD_T - PAD_B;
        final long span = end;
        java.util.function.LongFunction<Double> x = t -> PAD_L + plotW * Math.max(0, Math.min(t, span)) / span;
        java.util.function.DoubleFunction<Double> y = v -> PAD_T + plotH - plotH * Math.min(v, top) / top;
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"DejaVu Sans, Arial\" font-size=\"11\">\n");
        String[] bands = {"#eef4fb", "#fbf3e6"};
        int i = 0;
        double[] rowEnds = new double[3];
        for (DrillReport.Phase p : r.phases()) {
            double x0 = x.apply(p.startMs());
            double x1 = Math.max(x0 + 1, x.apply(p.endMs()));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x0, PAD_T,
                    x1 - x0, plotH, p.ok() ? bands[i++ % 2] : "#fde7e7"));
            // Short phases sit side by side: each name goes on the first of three rows where it does not
            // run into the one before it (about 6.5 px per character at this size).
            int row = 0;
            while (row < rowEnds.length - 1 && rowEnds[row] > x0) {
                row++;
            }
            rowEnds[row] = x0 + 2 + 6.5 * p.name().length() + 6;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#444\">%s</text>\n", x0 + 2,
                    PAD_T - 6 - 14 * row, esc(p.name())));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>", PAD_L, PAD_T + plotH,
                PAD_L + plotW, PAD_T + plotH));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>\n", PAD_L, PAD_T, PAD_L, PAD_T + plotH));
        for (int k = 0; k <= 4; k++) {
            double v = top * k / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444\">%.0f ms</text>", PAD_L - 4,
                    y.apply(v) + 4, v));
        }
        for (int k = 0; k <= 5; k++) {
            long t = end * k / 5;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s</text>", x.apply(t),
                    H - PAD_B + 16, sec(t)));
        }
        s.append('\n');
        for (DrillReport.Point p : r.checkpoints()) {
            double bx = x.apply(p.atMs());
            s.append(String.format(Locale.ROOT, "<rect class=\"pause\" x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"%.1f\" fill=\"#7b5ea7\"/>",
                    bx, y.apply(p.valueMs()), PAD_T + plotH - y.apply(p.valueMs())));
        }
        for (DrillReport.Point p : r.probe()) {
            if (p.valueMs() < 0) {
                s.append(String.format(Locale.ROOT, "<circle class=\"probe-miss\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#b3261e\"/>",
                        x.apply(p.atMs()), PAD_T + plotH));
            } else {
                s.append(String.format(Locale.ROOT, "<circle class=\"probe\" cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"#1f6fb2\"/>",
                        x.apply(p.atMs()), y.apply(p.valueMs())));
            }
        }
        r.phases().stream().filter(p -> p.name().equals("fault")).findFirst().ifPresent(p -> s.append(String.format(Locale.ROOT,
                "\n<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\" stroke-width=\"2\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" fill=\"#b3261e\">kill</text>", x.apply(p.endMs()), PAD_T, x.apply(p.endMs()),
                PAD_T + plotH, x.apply(p.endMs()) + 3, PAD_T + 12)));
        s.append(String.format(Locale.ROOT, "\n<text x=\"%d\" y=\"%d\" fill=\"#1f6fb2\">● probe latency</text>"
                + "<text x=\"%d\" y=\"%d\" fill=\"#7b5ea7\">▮ checkpoint pause</text>"
                + "<text x=\"%d\" y=\"%d\" fill=\"#b3261e\">● probe without answer</text>\n", PAD_L, H - 4, PAD_L + 130, H - 4, PAD_L + 290, H - 4));
        s.append("</svg>");
        return s.toString();
    }

    private static void row(StringBuilder b, String what, String value, String objective, Boolean met) {
        b.append("<tr><td>").append(esc(what)).append("</td><td>").append(esc(value)).append("</td><td>").append(esc(objective))
                .append("</td><td>").append(met == null ? "" : met ? "<span class=\"ok\">met</span>" : "<span class=\"bad\">MISSED</span>")
                .append("</td></tr>\n");
    }

    private static String ms(long v) {
        return v < 0 ? "not measured" : v + " ms";
    }

    private static String sec(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
