package io.hookwarden.runtime.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** An entity's version as the version guard compares it: a number, or an ISO-8601 time as epoch seconds. */
public record EntityVersion(String source, String entity, BigDecimal version) {

    /** Null when the value is absent or neither a number nor an ISO-8601 time: such an event is delivered unguarded. */
    public static BigDecimal parse(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (!value.isTextual()) {
            return null;
        }
        String text = value.asText().strip();
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            return BigDecimal.valueOf(time.toEpochSecond()).add(BigDecimal.valueOf(time.getNano(), 9));
        } catch (DateTimeParseException notATime) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }
}
