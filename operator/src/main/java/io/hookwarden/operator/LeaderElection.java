package io.hookwarden.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * One replica reconciles at a time: the replicas compete for a Lease (quarkus-operator-sdk activates
 * this in the prod profile). The others keep their informers warm and take over once the leader's
 * lease runs out, 15 s after its last renewal; a leader that loses the lease exits, so that two never
 * reconcile together.
 */
@Singleton
public class LeaderElection {
    public static final String LEASE_NAME = "hookwarden-operator";

    @Produces
    @Singleton
    LeaderElectionConfiguration configuration(OperatorConfig config) {
        LeaderElectionConfigurationBuilder lease = LeaderElectionConfigurationBuilder
                .aLeaderElectionConfiguration(config.lease().name());
        config.lease().namespace().ifPresent(lease::withLeaseNamespace);
        config.lease().identity().ifPresent(lease::withIdentity);
        return lease.build();
    }
}
