package io.hookwarden.runtime.worker;

/** A message that can never become a delivery, however often it is retried. */
public final class PoisonMessageException extends Exception {
    public PoisonMessageException(String message) {
        super(message);
    }
}
