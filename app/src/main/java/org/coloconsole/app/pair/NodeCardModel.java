package org.coloconsole.app.pair;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What one node card shows; updated on the FX thread only. */
public final class NodeCardModel {
    public final StringProperty title = new SimpleStringProperty("");
    public final StringProperty host = new SimpleStringProperty("");
    public final StringProperty role = new SimpleStringProperty("—");
    public final StringProperty qemu = new SimpleStringProperty("—");
    public final StringProperty runstate = new SimpleStringProperty("—");
    public final StringProperty colo = new SimpleStringProperty("—");
    public final StringProperty links = new SimpleStringProperty("—");
    public final StringProperty replication = new SimpleStringProperty("—");
    public final StringProperty heartbeat = new SimpleStringProperty("—");
    /** ok, warn or down: the card's edge colour (the words say the same). */
    public final StringProperty health = new SimpleStringProperty("unknown");
}
