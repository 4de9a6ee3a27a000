package org.coloconsole.app;

import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.coloconsole.app.pair.PairViewModel;
import org.coloconsole.app.ui.Views;

/** Controller of fxml/PairLink.fxml: the line between the two cards, coloured by replication health, with a word on it. */
final class PairLinkView {
    @FXML private VBox root;
    @FXML private Region linkLine;
    @FXML private Label linkText;
    private final PairViewModel vm;

    private PairLinkView(PairViewModel vm) {
        this.vm = vm;
    }

    static VBox of(PairViewModel vm) {
        PairLinkView v = new PairLinkView(vm);
        Views.load("PairLink", v);
        return v.root;
    }

    @FXML
    private void initialize() {
        linkText.textProperty().bind(vm.linkText);
        linkLine.getStyleClass().add("link-" + vm.linkHealth.get());
        vm.linkHealth.addListener((o, was, now) -> {
            linkLine.getStyleClass().removeIf(c -> c.startsWith("link-"));
            linkLine.getStyleClass().add("link-" + now);
        });
    }
}
