package io.hookwarden.api.v1alpha1;

public enum DeletionPolicy {
    /** The SQS queues outlive the WebhookSource (the default: events are never dropped by a delete). */
    Retain,
    /** The SQS queues are deleted with the WebhookSource. */
    Delete
}
