package io.hookwarden.api;

import java.util.Locale;

/**
 * An enum whose constants travel between processes (a metric label value, a message attribute, a
 * command) spelled as their lower-case name: {@code DEAD_LETTERED} is {@code dead_lettered}.
 */
public interface WireValue {
    String name();

    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} spelled {@code wire}. */
    static <E extends Enum<E> & WireValue> E fromWire(Class<E> type, String wire) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(wire)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + wire + "' (one of "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(WireValue::wire).toList()) + ")");
    }
}
