package org.coloconsole.app.log;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.coloconsole.app.ui.Views;
import org.coloconsole.engine.control.LogEntry;
import org.coloconsole.engine.control.LogEntry.Severity;

/** Controller of fxml/EventLog.fxml: the table and its filters over an {@link EventLogModel}, newest at the bottom. */
public final class EventLogView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @FXML private VBox root;
    @FXML private ComboBox<String> logNode;
    @FXML private ComboBox<Severity> logSeverity;
    @FXML private TextField logText;
    @FXML private Label count;
    @FXML private TableView<LogEntry> logTable;
    private final EventLogModel model = new EventLogModel();

    private EventLogView() {
    }

    public static EventLogView create() {
        EventLogView v = new EventLogView();
        Views.load("EventLog", v);
        return v;
    }

    @FXML
    private void initialize() {
        logNode.getItems().setAll(EventLogModel.NODES);
        logNode.valueProperty().bindBidirectional(model.node);
        logSeverity.getItems().setAll(Severity.values());
        logSeverity.valueProperty().bindBidirectional(model.least);
        logText.textProperty().bindBidirectional(model.text);
        count.textProperty().bind(model.count);
        logTable.setItems(model.filtered);
        logTable.getColumns().add(column("Time", 95, e -> TIME.format(e.at())));
        logTable.getColumns().add(column("Node", 110, LogEntry::node));
        logTable.getColumns().add(column("Severity", 70, e -> e.severity().name().toLowerCase(Locale.ROOT)));
        logTable.getColumns().add(column("Source", 150, LogEntry::source));
        logTable.getColumns().add(column("What", 600, LogEntry::text));
        logTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(LogEntry e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll("log-warn", "log-error", "log-debug");
                if (!empty && e != null && e.severity() != Severity.INFO) {
                    getStyleClass().add("log-" + e.severity().name().toLowerCase(Locale.ROOT));
                }
            }
        });
    }

    private static TableColumn<LogEntry, String> column(String name, double width, Function<LogEntry, String> value) {
        TableColumn<LogEntry, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    public VBox root() {
        return root;
    }

    public EventLogModel model() {
        return model;
    }

    /** FX thread: appends a batch and keeps the newest in view. */
    public void append(List<LogEntry> batch) {
        model.append(batch);
        if (!model.filtered.isEmpty()) {
            logTable.scrollTo(model.filtered.size() - 1);
        }
    }

    public void clear() {
        model.clear();
    }

    public List<LogEntry> shown() {
        return model.shown();
    }

    public ComboBox<String> nodeFilter() {
        return logNode;
    }

    public ComboBox<Severity> severityFilter() {
        return logSeverity;
    }

    public TextField textFilter() {
        return logText;
    }
}
