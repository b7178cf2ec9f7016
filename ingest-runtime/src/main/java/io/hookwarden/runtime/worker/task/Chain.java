package io.hookwarden.runtime.worker.task;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Messages delivered one after the other: one FIFO group's share of a batch, else a single message. */
public final class Chain {
    final List<InFlightMessage> messages = new ArrayList<>(1);
    /** The newest entity version this chain delivered, for the version guard of the messages after it. */
    volatile BigDecimal deliveredVersion;

    void add(InFlightMessage m) {
        messages.add(m);
    }

    /** The messages from {@code index} on: those not delivered yet. */
    List<InFlightMessage> from(int index) {
        return messages.subList(index, messages.size());
    }

    static BigDecimal max(BigDecimal a, BigDecimal b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
