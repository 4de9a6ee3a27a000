package org.coloconsole.app;

import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.VBox;
import org.coloconsole.app.pair.PairViewModel;

/** A pair in the list: its name and its state badge (symbol, word and colour, as in the banner). */
final class PairCell extends ListCell<String> {
    private final Map<String, PairViewModel> models;
    private final Label name = new Label();
    private final Label badge = new Label();
    private final VBox box = new VBox(2, name, badge);

    PairCell(Map<String, PairViewModel> models) {
        this.models = models;
        name.getStyleClass().add("pair-name");
        badge.getStyleClass().add("pair-badge");
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        badge.getStyleClass().removeIf(c -> c.startsWith("health-"));
        if (empty || item == null) {
            setId(null); // cells are reused: an empty one must not keep a pair's id
            setGraphic(null);
            setText(null);
            return;
        }
        PairViewModel vm = models.get(item);
        name.setText(item);
        badge.setText(vm == null ? "" : vm.health.get());
        if (vm != null) {
            badge.getStyleClass().add(vm.healthStyle.get());
        }
        setId("pair-" + item);
        setText(null);
        setGraphic(box);
    }
}
