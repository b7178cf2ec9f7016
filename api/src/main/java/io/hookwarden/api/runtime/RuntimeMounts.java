package io.hookwarden.api.runtime;

/**
 * Where the operator mounts a source's configuration into the runtime's pods, and how the runtime
 * finds it: the WebhookSource manifest (never a secret value) from a ConfigMap, each referenced
 * Secret as a directory of its keys.
 */
public final class RuntimeMounts {
    /** The ConfigMap's mount: a directory the runtime reads every YAML manifest of ({@link RuntimeSettings#SOURCES}). */
    public static final String SOURCES_PATH = "/etc/hookwarden/sources";
    /** The ConfigMap key holding the WebhookSource manifest; a file of {@link #SOURCES_PATH}, so it ends in .yaml. */
    public static final String MANIFEST_KEY = "webhooksource.yaml";
    /** Root of the mounted Secrets ({@link RuntimeSettings#SECRETS_PATH}): key {@code k} of Secret {@code s} is {@code <root>/s/k}. */
    public static final String SECRETS_PATH = "/var/run/hookwarden/secrets";
    /** The one writable directory of a pod whose root filesystem is read-only. */
    public static final String TMP_PATH = "/tmp";

    private RuntimeMounts() {
    }

    /** The directory Secret {@code secretName}'s keys are files of. */
    public static String secretDirectory(String secretName) {
        return SECRETS_PATH + "/" + secretName;
    }

    /** The file of key {@code key} of Secret {@code secretName}. */
    public static String secretFile(String secretName, String key) {
        return secretDirectory(secretName) + "/" + key;
    }
}
