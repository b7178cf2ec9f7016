package io.hookwarden.e2e;

import static io.hookwarden.e2e.Sources.awaitCondition;
import static io.hookwarden.e2e.Sources.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hookwarden.api.v1alpha1.WebhookSource;
import io.hookwarden.api.v1alpha1.WebhookSourceConditions;
import io.hookwarden.operator.queue.SqsQueueProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's replicas (run by the suite, as the chart runs two) against the real API server's
 * Leases: one reconciles, and when it is killed another takes over. Not for an installed operator
 * (kind/run.sh leaves it out): it kills processes of this machine.
 */
@ExtendWith(E2eEnvironment.Extension.class)
class LeaderElectionIT {
    /** Lease duration 15 s, retry period 2 s: the follower acquires it well within this. */
    private static final Duration HANDOVER = Duration.ofSeconds(30);

    @Test
    void killedLeaderIsReplacedWithinThirtySecondsAndEachQueueIsCreatedOnce(E2eEnvironment environment) {
        Cluster cluster = environment.cluster();
        KubernetesClient client = cluster.client();
        OperatorUnderTest operator = environment.operator();
        List<OperatorReplica> alive = operator.replicas().stream().filter(OperatorReplica::alive).toList();
        assertThat(alive).as("operator replicas run by the suite").hasSizeGreaterThanOrEqualTo(2);
        String leader = waiting("a leader among " + alive).until(() -> operator.leader().orElse(""),
                holder -> alive.stream().anyMatch(replica -> replica.identity().equals(holder)));

        String namespace = cluster.createNamespace("e2e-leader");
        operator.prepareNamespace(namespace);
        WebhookSource first = sourceNamed(client, namespace, "before-handover");
        awaitCondition(client, first, WebhookSourceConditions.QUEUE_READY, true);
        assertCreatedOnceBy(operator, leader, first);

        OperatorReplica killed = alive.stream().filter(replica -> replica.identity().equals(leader)).findFirst().orElseThrow();
        long killedAt = System.nanoTime();
        killed.kill();
        String successor = waiting("a new leader after " + leader + " was killed", HANDOVER)
                .until(() -> operator.leader().orElse(""), holder -> !holder.isEmpty() && !holder.equals(leader));
        Duration handover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("LeaderElectionIT: %s took over from %s %d ms after the kill%n", successor, leader, handover.toMillis());

        WebhookSource second = sourceNamed(client, namespace, "after-handover");
        awaitCondition(client, second, WebhookSourceConditions.QUEUE_READY, true, HANDOVER);
        assertCreatedOnceBy(operator, successor, second);
        // The new leader reconciled the first source again, and found its queues.
        assertCreatedOnceBy(operator, leader, first);
    }

    private static WebhookSource sourceNamed(KubernetesClient client, String namespace, String name) {
        Example example = Example.load(client).inNamespace(namespace);
        example.source().getMetadata().setName(name);
        return example.apply(client).source();
    }

    /** Both queues of {@code source} were created exactly once, by {@code creator}, across every replica's log. */
    private static void assertCreatedOnceBy(OperatorUnderTest operator, String creator, WebhookSource source) {
        Sources.QueueNamePair queues = Sources.queueNames(source);
        for (String queue : List.of(queues.main(), queues.deadLetter())) {
            Pattern created = Pattern.compile("(?m)" + Pattern.quote(String.format(SqsQueueProvisioner.CREATED, queue)) + "$");
            for (OperatorReplica replica : operator.replicas()) {
                long times = created.matcher(replica.log()).results().count();
                assertThat(times).as("times %s logged creating queue %s", replica.identity(), queue)
                        .isEqualTo(replica.identity().equals(creator) ? 1 : 0);
            }
        }
    }
}
