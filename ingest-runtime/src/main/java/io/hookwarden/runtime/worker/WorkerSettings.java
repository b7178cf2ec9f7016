package io.hookwarden.runtime.worker;

import java.time.Duration;

/**
 * @param pollers threads long-polling each source's queue
 * @param pollWait long-poll wait of one receive (at most 20 s)
 * @param maxRetryAfter cap on a sink's Retry-After
 * @param shutdownGrace how long deliveries in flight may finish on close
 */
public record WorkerSettings(int pollers, Duration pollWait, Duration maxRetryAfter, Duration shutdownGrace) {
}
