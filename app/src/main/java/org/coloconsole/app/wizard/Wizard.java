package org.coloconsole.app.wizard;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * A small page-by-page dialog: numbered pages with a title, Back / Next / Cancel, and a
 * per-page "may go on" flag. Pages can run work when entered (off the FX thread, by themselves).
 */
public final class Wizard {
    /** One page. {@code canAdvance} gates Next; {@code onEnter} runs each time the page shows. */
    public static final class Page {
        final String title;
        final Node content;
        final BooleanProperty canAdvance = new SimpleBooleanProperty(true);
        final BooleanProperty canGoBack = new SimpleBooleanProperty(true);
        Runnable onEnter = () -> { };

        public Page(String title, Node content) {
            this.title = title;
            this.content = content;
        }

        public BooleanProperty canAdvance() {
            return canAdvance;
        }

        public BooleanProperty canGoBack() {
            return canGoBack;
        }

        public Page onEnter(Runnable r) {
            onEnter = r;
            return this;
        }
    }

    private final Stage stage = new Stage();
    private final List<Page> pages = new ArrayList<>();
    private final Label heading = new Label();
    private final Label steps = new Label();
    private final BorderPane body = new BorderPane();
    private final Button back = new Button("‹ Back");
    private final Button next = new Button("Next ›");
    private final Button cancel = new Button("Cancel");
    private int at = -1;
    private Runnable onFinish = () -> { };

    public Wizard(Window owner, String title, String id) {
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle(title);
        heading.getStyleClass().add("wizard-title");
        heading.setId(id + "-heading");
        steps.getStyleClass().add("card-host");
        back.setId(id + "-back");
        next.setId(id + "-next");
        cancel.setId(id + "-cancel");
        next.setDefaultButton(true);
        cancel.setCancelButton(true);
        back.setOnAction(e -> show(at - 1));
        next.setOnAction(e -> {
            if (at == pages.size() - 1) {
                onFinish.run();
                stage.close();
            } else {
                show(at + 1);
            }
        });
        cancel.setOnAction(e -> stage.close());
        Pane gap = new Pane();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox buttons = new HBox(8, steps, gap, cancel, back, next);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(10, 0, 0, 0));
        VBox top = new VBox(4, heading);
        top.setPadding(new Insets(0, 0, 10, 0));
        body.setTop(top);
        body.setBottom(buttons);
        body.setPadding(new Insets(16));
        body.getStyleClass().add("wizard");
        body.setId(id);
        Scene scene = new Scene(body, 820, 600);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
    }

    public Wizard add(Page p) {
        pages.add(p);
        return this;
    }

    public void onFinish(Runnable r) {
        onFinish = r;
    }

    /** The Cancel button's text and whether it is allowed (not while a runbook runs). */
    public Button cancelButton() {
        return cancel;
    }

    public Stage stage() {
        return stage;
    }

    public int page() {
        return at;
    }

    public void open() {
        show(0);
        stage.show();
    }

    /** Moves to page {@code i} (pages may skip ahead, e.g. after fencing). */
    public void show(int i) {
        at = i;
        Page p = pages.get(i);
        heading.setText((i + 1) + ". " + p.title);
        steps.setText("Step " + (i + 1) + " of " + pages.size());
        body.setCenter(p.content);
        back.disableProperty().unbind();
        back.disableProperty().bind(p.canGoBack.not().or(new SimpleBooleanProperty(i == 0)));
        next.disableProperty().unbind();
        next.disableProperty().bind(p.canAdvance.not());
        next.setText(i == pages.size() - 1 ? "Finish" : "Next ›");
        p.onEnter.run();
    }
}
