package org.coloconsole.engine.control;

/** Another console or coloctl holds the pair: the operation is refused, never queued. */
public final class PairBusyException extends IllegalStateException {
    private final PairLock.Holder holder;

    public PairBusyException(String pair, String where, PairLock.Holder holder) {
        super("pair " + pair + " is busy" + (where.isEmpty() ? "" : " (" + where + ")") + ": "
                + (holder == null ? "another console holds it" : holder.describe())
                + "; wait for it to finish, or ask its operator");
        this.holder = holder;
    }

    /** Who holds it, as far as known (null when the holder could not be read). */
    public PairLock.Holder holder() {
        return holder;
    }
}
