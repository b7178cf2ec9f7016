package io.hookwarden.runtime.worker.task;

import io.hookwarden.runtime.ingest.TraceContext;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/** A source's delivery log lines, each with the message's source, attempt, event id and trace id in the MDC. */
public final class DeliveryLog {
    private static final Logger LOG = Logger.getLogger("io.hookwarden.runtime.worker.SourceConsumer");
    private final String source;

    public DeliveryLog(String source) {
        this.source = source;
    }

    public void log(Logger.Level level, InFlightMessage m, String format, Object... args) {
        if (!LOG.isEnabled(level)) {
            return;
        }
        MDC.put("source", source);
        MDC.put("attempt", m.receiveCount);
        if (m.eventId != null) {
            MDC.put("event_id", m.eventId.toString());
        }
        String traceparent = m.traceparent();
        if (traceparent != null && traceparent.length() >= 35) {
            MDC.put("trace_id", TraceContext.traceId(traceparent));
        }
        try {
            LOG.logf(level, format, args);
        } finally {
            MDC.remove("source");
            MDC.remove("attempt");
            MDC.remove("event_id");
            MDC.remove("trace_id");
        }
    }

    /** A line about the source as a whole, not one message. */
    public void error(Throwable cause, String format, Object... args) {
        LOG.errorf(cause, format, args);
    }
}
