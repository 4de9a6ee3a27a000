package org.coloconsole.app.log;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.LogEntry.Severity;

/**
 * The event and audit log: QEMU events, state changes and every command a runbook sent with its
 * answer, newest at the bottom, filtered by node, least severity and text. Bounded: the oldest
 * entries fall out (the journal on disk keeps the runbooks' full record).
 */
public final class EventLogView extends VBox {
    private static final int CAPACITY = 50_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final ObservableList<LogEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<LogEntry> filtered = new FilteredList<>(entries);
    private final TableView<LogEntry> table = new TableView<>(filtered);
    private final ComboBox<String> node = new ComboBox<>();
    private final ComboBox<Severity> severity = new ComboBox<>();
    private final TextField text = new TextField();
    private final Label count = new Label();
    private boolean follow = true;

    public EventLogView() {
        setId("eventLog");
        getStyleClass().add("event-log");
        setSpacing(6);
        setPadding(new Insets(6, 10, 6, 10));
        node.getItems().setAll("all nodes", LogEntry.PAIR, "primary node", "secondary node");
        node.setValue("all nodes");
        node.setId("logNode");
        severity.getItems().setAll(Severity.values());
        severity.setValue(Severity.INFO);
        severity.setId("logSeverity");
        text.setPromptText("filter text (e.g. migrate, COLO_EXIT)");
        text.setId("logText");
        HBox.setHgrow(text, Priority.ALWAYS);
        Label title = new Label("Events and audit log");
        title.getStyleClass().add("section-title");
        HBox bar = new HBox(8, title, new Label("node"), node, new Label("at least"), severity, text, count);
        bar.getStyleClass().add("log-bar");
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        node.valueProperty().addListener((o, a, b) -> refilter());
        severity.valueProperty().addListener((o, a, b) -> refilter());
        text.textProperty().addListener((o, a, b) -> refilter());

        table.setId("logTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Time", 95, e -> TIME.format(e.at())));
        table.getColumns().add(column("Node", 110, LogEntry::node));
        table.getColumns().add(column("Severity", 70, e -> e.severity().name().toLowerCase(Locale.ROOT)));
        table.getColumns().add(column("Source", 150, LogEntry::source));
        table.getColumns().add(column("What", 600, LogEntry::text));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(LogEntry e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll("log-warn", "log-error", "log-debug");
                if (!empty && e != null && e.severity() != Severity.INFO) {
                    getStyleClass().add("log-" + e.severity().name().toLowerCase(Locale.ROOT));
                }
            }
        });
        table.setPlaceholder(new Label("No entries match the filter yet."));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(bar, table);
        refilter();
    }

    private static TableColumn<LogEntry, String> column(String name, double width,
                                                        java.util.function.Function<LogEntry, String> value) {
        TableColumn<LogEntry, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private void refilter() {
        String n = node.getValue();
        Severity least = severity.getValue();
        String needle = text.getText() == null ? "" : text.getText().strip().toLowerCase(Locale.ROOT);
        filtered.setPredicate(e -> (n == null || n.equals("all nodes") || n.equals(e.node()))
                && e.severity().compareTo(least) >= 0
                && (needle.isEmpty() || e.text().toLowerCase(Locale.ROOT).contains(needle)
                    || e.source().toLowerCase(Locale.ROOT).contains(needle)));
        updateCount();
    }

    /** FX thread: appends a batch, drops the oldest beyond the bound, keeps the newest in view. */
    public void append(List<LogEntry> batch) {
        entries.addAll(batch);
        int over = entries.size() - CAPACITY;
        if (over > 0) {
            entries.remove(0, over);
        }
        updateCount();
        if (follow && !filtered.isEmpty()) {
            table.scrollTo(filtered.size() - 1);
        }
    }

    private void updateCount() {
        count.setText(filtered.size() + " of " + entries.size());
    }

    public void clear() {
        entries.clear();
        updateCount();
    }

    /** The entries the filter lets through (tests, export). */
    public List<LogEntry> shown() {
        return List.copyOf(filtered);
    }

    public ComboBox<String> nodeFilter() {
        return node;
    }

    public ComboBox<Severity> severityFilter() {
        return severity;
    }

    public TextField textFilter() {
        return text;
    }
}
