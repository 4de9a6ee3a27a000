package org.coloconsole.app.profile;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.coloconsole.app.ui.Views;
import org.coloconsole.app.wizard.PreflightView;
import org.coloconsole.engine.cluster.Slot;

/** Controller of fxml/ProfileEditor.fxml: a field per key of a {@link ProfileEditorModel}, its error under it. */
public final class ProfileEditorView {
    @FXML private ScrollPane root;
    @FXML private GridPane pairGrid;
    @FXML private GridPane primaryGrid;
    @FXML private GridPane secondaryGrid;
    @FXML private Label general;
    @FXML private Button save;
    @FXML private javafx.scene.layout.VBox hostKeyList;
    @FXML private PreflightView preflightReport;
    private final ProfileEditorModel model;

    private ProfileEditorView(ProfileEditorModel model) {
        this.model = model;
    }

    /** Opens the editor over {@code owner}; it closes when the model says so (saved or cancelled). */
    public static Stage open(Window owner, ProfileEditorModel model) {
        ProfileEditorView v = new ProfileEditorView(model);
        Views.load("ProfileEditor", v);
        Stage stage = Views.window(owner, "Add pair · profile editor", v.root, 1000, 780, true, model.closed);
        stage.show();
        return stage;
    }

    @FXML
    private void initialize() {
        fields(pairGrid, model.pairKeys);
        fields(primaryGrid, model.nodeKeys.get(Slot.PRIMARY_NODE));
        fields(secondaryGrid, model.nodeKeys.get(Slot.SECONDARY_NODE));
        general.textProperty().bind(model.general);
        save.disableProperty().bind(model.saveDisabled);
        preflightReport.setModel(model.preflight);
        model.hostKeys.addListener((ListChangeListener<ProfileEditorModel.HostKeyRow>) c -> showHostKeys());
    }

    private void fields(GridPane g, List<String> keys) {
        int row = g.getRowCount();
        for (String key : keys) {
            String id = "pe-" + key.replace('.', '-');
            TextField t = new TextField();
            t.setId(id);
            t.setPrefColumnCount(24);
            t.textProperty().bindBidirectional(model.fields.get(key));
            Label err = new Label();
            err.setId(id + "-error");
            err.getStyleClass().add("field-error");
            err.setWrapText(true);
            err.setMaxWidth(300);
            err.textProperty().bind(model.errors.get(key));
            err.visibleProperty().bind(model.errors.get(key).isNotEmpty());
            err.managedProperty().bind(err.visibleProperty());
            model.errors.get(key).addListener((o, was, now) -> {
                t.getStyleClass().remove("field-invalid");
                if (!now.isEmpty()) {
                    t.getStyleClass().add("field-invalid");
                }
            });
            if (!model.errors.get(key).get().isEmpty()) {
                t.getStyleClass().add("field-invalid");
            }
            g.add(new Label(ProfileEditorModel.label(key)), 0, row);
            g.add(t, 1, row);
            g.add(err, 1, row + 1);
            row += 2;
        }
    }

    private void showHostKeys() {
        hostKeyList.getChildren().setAll(model.hostKeys.stream().map(r -> {
            Label line = new Label();
            line.setId("pe-hostkey-" + r.role);
            line.setWrapText(true);
            line.textProperty().bind(r.text);
            Button trust = new Button("Trust this key");
            trust.setId("pe-trust-" + r.role);
            trust.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            trust.visibleProperty().bind(r.canTrust);
            trust.managedProperty().bind(r.canTrust);
            trust.setOnAction(e -> model.trust(r));
            return (Node) new HBox(8, line, trust);
        }).toList());
    }

    @FXML
    private void onCheckHostKeys() {
        model.checkHostKeys();
    }

    @FXML
    private void onPreflight() {
        model.runPreflight();
    }

    @FXML
    private void onSave() {
        model.save();
    }

    @FXML
    private void onCancel() {
        model.cancel();
    }
}
