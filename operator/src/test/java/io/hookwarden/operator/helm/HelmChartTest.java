package io.hookwarden.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.hookwarden.api.runtime.RuntimeCommand;
import io.hookwarden.api.runtime.RuntimeEndpoints;
import io.hookwarden.api.runtime.RuntimeMounts;
import io.hookwarden.api.runtime.RuntimeSettings;
import io.hookwarden.operator.WebhookSourceReconciler;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** helm/ linted and rendered offline (helm-java); its RBAC must cover what the operator calls. */
class HelmChartTest {
    private static final Path CHART = Path.of("../helm");
    private static final String CRD = "webhooksources.hookwarden.io-v1.yml";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void chartLintsClean() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void clusterRoleCoversEveryCallTheOperatorMakes() throws Exception {
        ClusterRole role = only(render(UnaryOperator.identity()), ClusterRole.class);
        List<String[]> required = new ArrayList<>(List.of(
                need("hookwarden.io", "webhooksources", "get", "list", "watch", "patch", "update"),
                need("hookwarden.io", "webhooksources/status", "patch", "update"),
                need("hookwarden.io", "webhooksources/finalizers", "update"),
                need("", "secrets", "get", "list", "watch", "create"),
                need("", "events", "create")));
        // Every Kubernetes dependent of the workflow: what it creates, updates, and deletes where a failed precondition does.
        for (Dependent dependent : WebhookSourceReconciler.class.getAnnotation(Workflow.class).dependents()) {
            if (!KubernetesDependentResource.class.isAssignableFrom(dependent.type())) {
                continue;
            }
            Class<? extends HasMetadata> kind = ((KubernetesDependentResource<?, ?>) dependent.type()
                    .getDeclaredConstructor().newInstance()).resourceType();
            List<String> verbs = new ArrayList<>(READ);
            if (Creator.class.isAssignableFrom(dependent.type())) {
                verbs.add("create");
            }
            if (Updater.class.isAssignableFrom(dependent.type())) {
                verbs.addAll(List.of("patch", "update"));
            }
            if (dependent.reconcilePrecondition() != Condition.class
                    && io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter.class.isAssignableFrom(dependent.type())) {
                verbs.add("delete");
            }
            required.add(need(HasMetadata.getGroup(kind), HasMetadata.getPlural(kind), verbs.toArray(String[]::new)));
        }
        for (String[] need : required) {
            List<String> verbs = Arrays.asList(need).subList(2, need.length);
            assertThat(role.getRules()).as("%s/%s %s", need[0], need[1], verbs)
                    .anySatisfy(rule -> {
                        assertThat(rule.getApiGroups()).contains(need[0]);
                        assertThat(rule.getResources()).contains(need[1]);
                        assertThat(rule.getVerbs()).containsAll(verbs);
                    });
        }
        assertThat(role.getRules()).flatExtracting(PolicyRule::getVerbs).doesNotContain("*", "deletecollection");
        assertThat(role.getRules()).filteredOn(rule -> rule.getResources().contains("secrets"))
                .singleElement().satisfies(rule -> assertThat(rule.getVerbs()).as("Secrets are read and created, never changed")
                        .containsExactly("get", "list", "watch", "create"));
    }

    @Test
    void operatorPodIsHardened() throws Exception {
        Deployment deployment = only(render(UnaryOperator.identity()), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container container = pod.getContainers().get(0);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getImage()).isEqualTo("ghcr.io/hookwarden/operator:0.1.0");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    }

    @Test
    void valuesBecomeOperatorSettings() throws Exception {
        ConfigMap config = only(render(template -> template
                .set("sqs.endpoint", "http://elasticmq.sqs.svc:9324")
                .set("sqs.region", "eu-west-1")
                .set("runtime.serviceAccountAnnotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::1:role/runtime")
                .set("database.secretName", "pg")), ConfigMap.class);
        assertThat(config.getData().get("application.properties").lines().toList()).contains(
                "hookwarden.operator.runtime-image=ghcr.io/hookwarden/ingest-runtime:0.1.0",
                "hookwarden.operator.database-secret=pg",
                "hookwarden.operator.sqs.region=eu-west-1",
                "hookwarden.operator.sqs.endpoint=http://elasticmq.sqs.svc:9324",
                "hookwarden.operator.runtime.service-account-annotations.\"eks.amazonaws.com/role-arn\"=arn:aws:iam::1:role/runtime",
                "quarkus.operator-sdk.controllers.webhooksource.namespaces=JOSDK_ALL_NAMESPACES");
    }

    @Test
    void watchedNamespacesGetRoleBindingsInsteadOfAClusterRoleBinding() throws Exception {
        List<HasMetadata> rendered = render(template -> template
                .set("watchNamespaces[0]", "shop").set("watchNamespaces[1]", "billing"));
        assertThat(rendered).filteredOn(ClusterRoleBinding.class::isInstance).isEmpty();
        assertThat(rendered).filteredOn(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .filteredOn(binding -> "ClusterRole".equals(binding.getRoleRef().getKind()))
                .extracting(binding -> binding.getMetadata().getNamespace()).containsExactly("shop", "billing");
        assertThat(only(rendered, ConfigMap.class).getData().get("application.properties"))
                .contains("quarkus.operator-sdk.controllers.webhooksource.namespaces=shop,billing");
    }

    @Test
    void theConsoleIsNotDeployedUnlessEnabled() throws Exception {
        assertThat(render(UnaryOperator.identity())).filteredOn(r -> r.getMetadata().getName().contains("-console-")).isEmpty();
    }

    @Test
    void theConsoleRunsPerDatabaseHardenedAndReadsItsDatabaseAndTokenFromSecrets() throws Exception {
        List<HasMetadata> rendered = render(HelmChartTest::twoConsoles);
        List<Deployment> consoles = rendered.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().contains("-console-")).toList();
        assertThat(consoles).extracting(d -> d.getMetadata().getName())
                .containsExactly("hookwarden-hookwarden-operator-console-main", "hookwarden-hookwarden-operator-console-archive");
        Deployment archive = consoles.get(1);
        PodSpec pod = archive.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Container console = pod.getContainers().get(0);
        assertThat(console.getArgs()).containsExactly(RuntimeCommand.CONSOLE.wire());
        assertThat(console.getImage()).isEqualTo("ghcr.io/hookwarden/ingest-runtime:0.1.0");
        assertThat(console.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(console.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(console.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(console.getPorts()).extracting(p -> p.getContainerPort())
                .containsExactlyInAnyOrder(RuntimeEndpoints.MANAGEMENT_PORT, RuntimeEndpoints.ADMIN_PORT);
        assertThat(console.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(console.getReadinessProbe().getHttpGet().getPath()).isEqualTo(RuntimeEndpoints.READINESS_PATH);
        assertThat(console.getLivenessProbe().getHttpGet().getPath()).isEqualTo(RuntimeEndpoints.LIVENESS_PATH);
        assertThat(console.getEnv()).filteredOn(e -> e.getValueFrom() != null)
                .extracting(e -> e.getName() + "=" + e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey())
                .containsExactlyInAnyOrder(RuntimeSettings.env(RuntimeSettings.DATASOURCE_JDBC_URL) + "=archive-pg/jdbc-url",
                        RuntimeSettings.env(RuntimeSettings.DATASOURCE_USERNAME) + "=archive-pg/username",
                        RuntimeSettings.env(RuntimeSettings.DATASOURCE_PASSWORD) + "=archive-pg/password");
        assertThat(console.getEnv()).filteredOn(e -> e.getValue() != null).extracting(e -> e.getName() + "=" + e.getValue())
                .contains(RuntimeSettings.env(RuntimeSettings.SOURCES) + "=" + RuntimeMounts.SOURCES_PATH,
                        "HOOKWARDEN_ADMIN_TOKEN_FILE=/var/run/hookwarden/admin/token");
        assertThat(pod.getVolumes()).extracting(v -> v.getConfigMap() != null ? "configmap " + v.getConfigMap().getName()
                : v.getSecret() != null ? "secret " + v.getSecret().getSecretName() : "emptyDir")
                .containsExactlyInAnyOrder("configmap archive-sources", "secret hookwarden-console-admin", "emptyDir");
    }

    @Test
    void theConsoleIsReachableOnItsAdminPortOnlyInsideTheCluster() throws Exception {
        List<HasMetadata> rendered = render(HelmChartTest::twoConsoles);
        List<Service> services = rendered.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
        assertThat(services).hasSize(2).allSatisfy(service -> {
            assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(service.getSpec().getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort()).isEqualTo(RuntimeEndpoints.ADMIN_PORT));
        });
        List<NetworkPolicy> policies = rendered.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
        assertThat(policies).hasSize(2).allSatisfy(policy -> {
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("admin"));
                assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector()).isNotNull());
            });
        });
        assertThat(policies.get(1).getSpec().getPodSelector().getMatchLabels()).containsEntry("hookwarden.io/database", "archive");
    }

    private static TemplateCommand twoConsoles(TemplateCommand template) {
        return template.set("console.enabled", true)
                .set("console.databases[0].name", "main").set("console.databases[0].secretName", "main-pg")
                .set("console.databases[0].sourcesConfigMap", "main-sources")
                .set("console.databases[1].name", "archive").set("console.databases[1].secretName", "archive-pg")
                .set("console.databases[1].sourcesConfigMap", "archive-sources");
    }

    @Test
    void replicasElectALeaderThroughALeaseInTheReleaseNamespaceOnly() throws Exception {
        List<HasMetadata> rendered = render(template -> template.set("watchNamespaces[0]", "shop"));
        Deployment deployment = only(rendered, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        // A Recreate rollout would stop every replica at once; the Lease keeps a rolling update single-leader.
        assertThat(deployment.getSpec().getStrategy()).isNull();
        assertThat(only(rendered, ConfigMap.class).getData().get("application.properties").lines())
                .contains("hookwarden.operator.lease.namespace=hookwarden-system");

        Role role = only(rendered, Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("hookwarden-system");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update");
        });
        assertThat(rendered).filteredOn(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .filteredOn(binding -> "Role".equals(binding.getRoleRef().getKind()))
                .singleElement().satisfies(binding -> {
                    assertThat(binding.getMetadata().getNamespace()).isEqualTo("hookwarden-system");
                    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
                    assertThat(binding.getSubjects()).extracting(subject -> subject.getName())
                            .containsExactly(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
                });
    }

    /** The chart ships crds/ as is, kept on uninstall; -Dhookwarden.crds.update=true refreshes the copy. */
    @Test
    void chartCrdIsTheCommittedCrd() throws Exception {
        Path committed = Path.of("../crds", CRD);
        Path copy = CHART.resolve("files/crds").resolve(CRD);
        if (Boolean.getBoolean("hookwarden.crds.update")) {
            Files.copy(committed, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.readString(copy)).as("helm/files/crds/%s drifted from crds/", CRD).isEqualTo(Files.readString(committed));
        CustomResourceDefinition crd = only(render(UnaryOperator.identity()), CustomResourceDefinition.class);
        assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(render(template -> template.set("crds.install", false)))
                .filteredOn(CustomResourceDefinition.class::isInstance).isEmpty();
    }

    private static String[] need(String group, String resource, String... verbs) {
        String[] need = new String[verbs.length + 2];
        need[0] = group;
        need[1] = resource;
        System.arraycopy(verbs, 0, need, 2, verbs.length);
        return need;
    }

    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) throws IOException {
        String manifests = values.apply(new Helm(CHART).template()
                .withName("hookwarden").withNamespace("hookwarden-system").withKubeVersion("1.33.0")).call();
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            if (!document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                resources.add(SERIALIZATION.unmarshal(document));
            }
        }
        return resources;
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> kind) {
        List<T> matching = resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        assertThat(matching).as(kind.getSimpleName()).hasSize(1);
        return matching.get(0);
    }
}
