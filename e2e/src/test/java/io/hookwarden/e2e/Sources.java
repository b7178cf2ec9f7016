package io.hookwarden.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.api.v1alpha1.QueueNames;
import io.hookwarden.api.v1alpha1.QueueType;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;

/**
 * A WebhookSource as the operator handles it: its conditions, what it owns, its queues. A wait that
 * times out shows the state it ended in.
 */
final class Sources {
    /** Generous for kind, where pods pull images and start JVMs; on the local control plane it takes seconds. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Sources() {
    }

    static ConditionFactory waiting(String what) {
        return waiting(what, TIMEOUT);
    }

    static ConditionFactory waiting(String what, Duration timeout) {
        return await(what).atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions();
    }

    static Optional<Condition> condition(WebhookSource source, String type) {
        return source.getStatus() == null ? Optional.empty()
                : source.getStatus().getConditions().stream().filter(condition -> type.equals(condition.getType())).findFirst();
    }

    /** Waits until the source reports condition {@code type} with {@code status}; returns the source as it was then. */
    static WebhookSource awaitCondition(KubernetesClient client, WebhookSource source, String type, boolean status) {
        return awaitCondition(client, source, type, status, TIMEOUT);
    }

    static WebhookSource awaitCondition(KubernetesClient client, WebhookSource source, String type, boolean status,
            Duration timeout) {
        String name = source.getMetadata().getName();
        AtomicReference<WebhookSource> latest = new AtomicReference<>();
        waiting(name + " reports " + type + "=" + status, timeout).untilAsserted(() -> {
            latest.set(client.resource(source).get());
            assertThat(latest.get()).as("WebhookSource %s", name).isNotNull();
            assertThat(condition(latest.get(), type).map(Condition::getStatus))
                    .as("condition %s of %s; its conditions:%s", type, name, describeConditions(latest.get()))
                    .contains(status ? "True" : "False");
        });
        return latest.get();
    }

    /** Waits for a resource the operator creates and checks that the source owns it (so garbage collection applies). */
    static <T extends HasMetadata> T awaitOwned(KubernetesClient client, Class<T> type, WebhookSource owner, String name) {
        T resource = waiting(type.getSimpleName() + " " + name)
                .until(() -> client.resources(type).inNamespace(owner.getMetadata().getNamespace()).withName(name).get(),
                        found -> found != null);
        assertThat(resource.getMetadata().getOwnerReferences())
                .as("owner references of %s %s", type.getSimpleName(), name)
                .anySatisfy(reference -> {
                    assertThat(reference.getKind()).isEqualTo(WebhookSource.KIND);
                    assertThat(reference.getApiVersion()).isEqualTo(WebhookSource.API_VERSION);
                    assertThat(reference.getName()).isEqualTo(owner.getMetadata().getName());
                    assertThat(reference.getUid()).isEqualTo(owner.getMetadata().getUid());
                });
        return resource;
    }

    record QueueNamePair(String main, String deadLetter) {
    }

    /** The names of the source's SQS queues, from the one place operator and runtime take them. */
    static QueueNamePair queueNames(WebhookSource source) {
        String namespace = source.getMetadata().getNamespace();
        String name = source.getMetadata().getName();
        QueueType type = source.getSpec().getQueue().getType();
        return new QueueNamePair(QueueNames.mainQueue(namespace, name, type), QueueNames.deadLetterQueue(namespace, name, type));
    }

    private static String describeConditions(WebhookSource source) {
        List<Condition> conditions = source.getStatus() == null ? List.of() : source.getStatus().getConditions();
        return conditions.stream()
                .map(condition -> condition.getType() + "=" + condition.getStatus() + " (" + condition.getReason() + ": "
                        + condition.getMessage() + ")")
                .collect(Collectors.joining("\n    ", "\n    ", ""));
    }
}
