package org.coloconsole.app.log;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.LogEntry.Severity;

/**
 * The event and audit log as data: QEMU events, state changes and every command a runbook sent
 * with its answer, filtered by node, least severity and text. Bounded: the oldest entries fall out
 * (the journal on disk keeps the runbooks' full record).
 */
public final class EventLogModel {
    static final int CAPACITY = 50_000;
    public static final String ALL_NODES = "all nodes";
    public static final List<String> NODES = List.of(ALL_NODES, LogEntry.PAIR, "primary node", "secondary node");

    private final ObservableList<LogEntry> entries = FXCollections.observableArrayList();
    public final FilteredList<LogEntry> filtered = new FilteredList<>(entries);
    public final StringProperty node = new SimpleStringProperty(ALL_NODES);
    public final ObjectProperty<Severity> least = new SimpleObjectProperty<>(Severity.INFO);
    public final StringProperty text = new SimpleStringProperty("");
    public final StringProperty count = new SimpleStringProperty("0 of 0");

    public EventLogModel() {
        node.addListener((o, a, b) -> refilter());
        least.addListener((o, a, b) -> refilter());
        text.addListener((o, a, b) -> refilter());
        refilter();
    }

    private void refilter() {
        String n = node.get();
        Severity l = least.get() == null ? Severity.DEBUG : least.get();
        String needle = text.get() == null ? "" : text.get().strip().toLowerCase(Locale.ROOT);
        filtered.setPredicate(e -> (n == null || n.equals(ALL_NODES) || n.equals(e.node()))
                && e.severity().compareTo(l) >= 0
                && (needle.isEmpty() || e.text().toLowerCase(Locale.ROOT).contains(needle)
                    || e.source().toLowerCase(Locale.ROOT).contains(needle)));
        updateCount();
    }

    /** FX side: appends a batch and drops the oldest beyond the bound. */
    public void append(List<LogEntry> batch) {
        entries.addAll(batch);
        int over = entries.size() - CAPACITY;
        if (over > 0) {
            entries.remove(0, over);
        }
        updateCount();
    }

    private void updateCount() {
        count.set(filtered.size() + " of " + entries.size());
    }

    public void clear() {
        entries.clear();
        updateCount();
    }

    /** The entries the filter lets through (tests, export). */
    public List<LogEntry> shown() {
        return List.copyOf(filtered);
    }
}
