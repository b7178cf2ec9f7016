package io.hookwarden.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Small helpers over the fabric8 {@link Condition}s of the status. */
public final class Conditions {
    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private Conditions() {
    }

    public static Condition of(String type, boolean status, String reason, String message) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status ? TRUE : FALSE)
                .withReason(reason)
                .withMessage(message)
                .build();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(condition -> type.equals(condition.getType())).findFirst();
    }

    public static boolean isTrue(Condition condition) {
        return TRUE.equals(condition.getStatus());
    }

    /** Status or reason changed: what an Event is recorded for. */
    public static boolean changed(Condition previous, Condition next) {
        return previous == null || !Objects.equals(previous.getStatus(), next.getStatus())
                || !Objects.equals(previous.getReason(), next.getReason());
    }

    /** The transition time moves only when the status does. */
    public static Condition stamped(Condition next, Condition previous, long generation) {
        String transitioned = previous != null && Objects.equals(previous.getStatus(), next.getStatus())
                ? previous.getLastTransitionTime()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new ConditionBuilder(next)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transitioned)
                .build();
    }
}
