package org.coloconsole.app;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What one node card shows; updated on the FX thread only. */
public final class NodeCardModel {
    final StringProperty title = new SimpleStringProperty("");
    final StringProperty host = new SimpleStringProperty("");
    final StringProperty role = new SimpleStringProperty("—");
    final StringProperty runstate = new SimpleStringProperty("—");
    final StringProperty colo = new SimpleStringProperty("—");
    final StringProperty links = new SimpleStringProperty("—");
    final StringProperty health = new SimpleStringProperty("unknown");
}
