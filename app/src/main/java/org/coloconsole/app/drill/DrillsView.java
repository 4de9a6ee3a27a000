package org.coloconsole.app.drill;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.coloconsole.app.ui.Views;

/** The drills window (fxml/Drills.fxml), bound to a {@link DrillsModel}; nothing here decides anything. */
public final class DrillsView {
    @FXML BorderPane root;
    @FXML Label title;
    @FXML Button drillPrimary;
    @FXML Button drillSecondary;
    @FXML Button openReport;
    @FXML javafx.scene.control.CheckBox failback;
    @FXML Label blocked;
    @FXML TableView<DrillsModel.Row> table;
    @FXML TableColumn<DrillsModel.Row, String> whenCol;
    @FXML TableColumn<DrillsModel.Row, String> verdictCol;
    @FXML TableColumn<DrillsModel.Row, String> killedCol;
    @FXML TableColumn<DrillsModel.Row, String> gapCol;
    @FXML TableColumn<DrillsModel.Row, String> protectedCol;
    @FXML TableColumn<DrillsModel.Row, String> dataCol;
    @FXML Label outcome;
    @FXML TextArea progress;

    public static javafx.stage.Stage open(javafx.stage.Window owner, DrillsModel model) {
        DrillsView v = new DrillsView();
        BorderPane root = Views.load("Drills", v);
        v.bind(model);
        javafx.stage.Stage stage = Views.window(owner, "Failover drills — " + model.pairName, root, 760, 560, false, null);
        stage.setOnHidden(e -> model.close());
        return stage;
    }

    private void bind(DrillsModel m) {
        title.setText("Failover drills of pair " + m.pairName);
        table.setItems(m.past);
        whenCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().when()));
        verdictCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().verdict()));
        killedCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().killed()));
        gapCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().gap()));
        protectedCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().toProtected()));
        dataCol.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().data()));
        table.setPlaceholder(new Label("No drill has run on this pair yet."));
        blocked.textProperty().bind(m.blocked);
        outcome.textProperty().bind(m.outcome);
        progress.textProperty().bind(m.progress);
        progress.textProperty().addListener((o, was, now) -> progress.setScrollTop(Double.MAX_VALUE));
        var cannot = m.running.or(m.blocked.isNotEmpty());
        drillPrimary.disableProperty().bind(cannot);
        drillSecondary.disableProperty().bind(cannot);
        failback.selectedProperty().bindBidirectional(m.failback);
        failback.disableProperty().bind(m.running);
        openReport.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        drillPrimary.setOnAction(e -> m.drillPrimary());
        drillSecondary.setOnAction(e -> m.drillSecondary());
        openReport.setOnAction(e -> m.open(table.getSelectionModel().getSelectedItem()));
        table.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                m.open(table.getSelectionModel().getSelectedItem());
            }
        });
    }
}
