package io.hookwarden.runtime.worker;

/** A message that can never become a delivery, however often it is retried. */
final class PoisonMessageException extends Exception {
    PoisonMessageException(String message) {
        super(message);
    }
}
