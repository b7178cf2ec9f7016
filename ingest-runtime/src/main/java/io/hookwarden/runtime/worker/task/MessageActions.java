package io.hookwarden.runtime.worker.task;

/** Acknowledging received messages: callers never wait; a lost action leaves the queue's own timeout in force. */
public interface MessageActions {
    void delete(String queueUrl, String receiptHandle);

    void changeVisibility(String queueUrl, String receiptHandle, int seconds);
}
