package org.coloconsole.app.wizard;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A page-by-page dialog as data: numbered pages with a title, Back / Next / Cancel, a per-page
 * "may go on" flag, and work a page runs when entered. {@link WizardView} shows it.
 */
public class WizardModel {
    /** One page. {@code canAdvance} gates Next; {@code onEnter} runs each time the page shows. */
    public static final class Page {
        public final String title;
        /** Which view shows the page (its FXML name under fxml/). */
        public final String view;
        public final BooleanProperty canAdvance = new SimpleBooleanProperty(true);
        public final BooleanProperty canGoBack = new SimpleBooleanProperty(true);
        Runnable onEnter = () -> { };

        public Page(String title, String view) {
            this.title = title;
            this.view = view;
        }

        public Page onEnter(Runnable r) {
            onEnter = r;
            return this;
        }
    }

    public final String id;
    public final String title;
    public final List<Page> pages = new ArrayList<>();
    public final IntegerProperty at = new SimpleIntegerProperty(-1);
    public final StringProperty heading = new SimpleStringProperty("");
    public final StringProperty stepText = new SimpleStringProperty("");
    public final StringProperty nextText = new SimpleStringProperty("Next ›");
    public final BooleanProperty backDisabled = new SimpleBooleanProperty(true);
    public final BooleanProperty nextDisabled = new SimpleBooleanProperty(true);
    /** Not while a runbook runs: a runbook is not abandoned half-way from a dialog. */
    public final BooleanProperty cancelDisabled = new SimpleBooleanProperty(false);
    /** Set when the wizard is done or cancelled: its window closes. */
    public final BooleanProperty closed = new SimpleBooleanProperty(false);
    private Runnable onFinish = () -> { };

    public WizardModel(String id, String title) {
        this.id = id;
        this.title = title;
    }

    protected Page add(Page p) {
        pages.add(p);
        return p;
    }

    public void onFinish(Runnable r) {
        onFinish = r;
    }

    public void open() {
        show(0);
    }

    public Page page() {
        return pages.get(at.get());
    }

    public void next() {
        if (nextDisabled.get()) {
            return;
        }
        if (at.get() == pages.size() - 1) {
            onFinish.run();
            closed.set(true);
        } else {
            show(at.get() + 1);
        }
    }

    public void back() {
        if (!backDisabled.get()) {
            show(at.get() - 1);
        }
    }

    public void cancel() {
        if (!cancelDisabled.get()) {
            closed.set(true);
        }
    }

    /** Moves to page {@code i}. */
    public void show(int i) {
        Page p = pages.get(i);
        heading.set((i + 1) + ". " + p.title);
        stepText.set("Step " + (i + 1) + " of " + pages.size());
        nextText.set(i == pages.size() - 1 ? "Finish" : "Next ›");
        backDisabled.unbind();
        backDisabled.bind(p.canGoBack.not().or(new SimpleBooleanProperty(i == 0)));
        nextDisabled.unbind();
        nextDisabled.bind(p.canAdvance.not());
        at.set(i);
        p.onEnter.run();
    }
}
