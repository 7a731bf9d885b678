package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** The chart rendered by Helm with the values files in {@code ci/}: what Kubernetes would be given. */
class ChartRenderingTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.rehearsal.helm.CiValues#files")
    void everyValuesFileRendersTheDaemonWithItsConfiguration(String file) {
        RenderedChart chart = RenderedChart.render(file);

        assertThat(chart.all("Deployment")).hasSize(1);
        assertThat(chart.all("Service")).hasSize(1);
        assertThat(chart.configMap(RenderedChart.RELEASE)).isNotNull();
        for (Map<String, Object> object : chart.objects()) {
            assertThat(Tree.map(object, "metadata", "labels"))
                    .as("labels of %s", object.get("kind"))
                    .containsEntry("app.kubernetes.io/name", "rehearsal")
                    .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
        }
        Map<String, Object> container = chart.container();
        assertThat(Tree.list(container, "args"))
                .contains("--spring.config.additional-location=file:/etc/rehearsal/application.yaml");
        assertThat(Tree.list(container, "volumeMounts")).contains(Map.of("name", "config", "mountPath", "/etc/rehearsal",
                "readOnly", true));
        assertThat(Tree.list(chart.one("Deployment"), "spec", "template", "spec", "volumes"))
                .contains(Map.of("name", "config", "configMap", Map.of("name", RenderedChart.RELEASE)));
    }

    @Test
    void theContainerRunsAsNonRootOnAReadOnlyRootWithAWritableTmp() {
        RenderedChart chart = RenderedChart.render("default-values.yaml");
        Map<String, Object> pod = Tree.map(chart.one("Deployment"), "spec", "template", "spec");

        assertThat(Tree.at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(Tree.at(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(Tree.at(pod, "automountServiceAccountToken")).isEqualTo(false);
        Map<String, Object> security = Tree.map(chart.container(), "securityContext");
        assertThat(security).containsEntry("runAsNonRoot", true)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(Tree.list(security, "capabilities", "drop")).containsExactly("ALL");
        assertThat(Tree.at(security, "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(Tree.list(chart.container(), "volumeMounts")).contains(Map.of("name", "tmp", "mountPath", "/tmp"));
        assertThat(Tree.list(pod, "volumes")).anySatisfy(v -> {
            assertThat(Tree.at(v, "name")).isEqualTo("tmp");
            assertThat(Tree.at(v, "emptyDir", "sizeLimit")).isEqualTo("1Gi");
        });
        assertThat(Tree.map(chart.container(), "resources", "limits")).containsKey("memory");
    }

    @Test
    void probesAskTheActuatorsLivenessAndReadinessGroups() {
        Map<String, Object> container = RenderedChart.render("default-values.yaml").container();

        assertThat(Tree.at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(Tree.at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(Tree.at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(Tree.at(container, probe, "httpGet", "port")).as(probe).isEqualTo("http");
        }
        assertThat(Tree.list(container, "ports")).contains(Map.of("name", "http", "containerPort", 8080, "protocol", "TCP"));
    }

    @Test
    void podsRollWhenTheConfigurationChangesAndOnlyThen() {
        RenderedChart base = RenderedChart.render("default-values.yaml");
        RenderedChart otherRpo = RenderedChart.render(List.of("default-values.yaml"),
                Map.of("rehearsal.policies.nightly.rpo", "30h"));
        RenderedChart moreReplicas = RenderedChart.render(List.of("default-values.yaml"), Map.of("replicaCount", 5));

        assertThat(checksum(base)).matches("[0-9a-f]{64}");
        assertThat(checksum(otherRpo)).isNotEqualTo(checksum(base));
        assertThat(checksum(moreReplicas)).isEqualTo(checksum(base));
        assertThat(Tree.at(moreReplicas.one("Deployment"), "spec", "replicas")).isEqualTo(5);
    }

    private static String checksum(RenderedChart chart) {
        return Tree.string(chart.one("Deployment"), "spec", "template", "metadata", "annotations", "checksum/config");
    }

    @Test
    void theServiceAccountCarriesTheIrsaRole() {
        RenderedChart chart = RenderedChart.render("s3-irsa-values.yaml");
        Map<String, Object> account = chart.one("ServiceAccount");

        assertThat(Tree.at(account, "metadata", "annotations", "eks.amazonaws.com/role-arn"))
                .isEqualTo("arn:aws:iam::123456789012:role/rehearsal-backup");
        assertThat(Tree.at(chart.one("Deployment"), "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo(Tree.at(account, "metadata", "name"));
        assertThat(Tree.at(RenderedChart.render("default-values.yaml").one("ServiceAccount"), "metadata", "annotations"))
                .isNull();
    }

    @Test
    void anExistingSecretIsReferencedAndNoneIsCreated() {
        RenderedChart chart = RenderedChart.render("existing-secret-values.yaml");

        assertThat(chart.all("Secret")).isEmpty();
        assertThat(env(chart, "SPRING_DATASOURCE_PASSWORD"))
                .isEqualTo(Map.of("secretKeyRef", Map.of("name", "rehearsal-credentials", "key", "pg-password")));
        // One variable per API token, in the order of their names.
        assertThat(env(chart, "REHEARSAL_API_TOKEN_SHA256_0"))
                .isEqualTo(Map.of("secretKeyRef", Map.of("name", "rehearsal-credentials", "key", "token-admin")));
        assertThat(env(chart, "REHEARSAL_API_TOKEN_SHA256_1"))
                .isEqualTo(Map.of("secretKeyRef", Map.of("name", "rehearsal-credentials", "key", "token-grafana")));
        assertThat(Tree.map(chart.one("Deployment"), "spec", "template", "metadata", "annotations"))
                .doesNotContainKey("checksum/secret");
        assertThat(chart.applicationYaml()).doesNotContain("0bf625f2a56e", "78a0ff25d1f1");
    }

    @Test
    void theEvidenceSigningKeyIsMountedFromItsSecretAndConfiguredByPath() {
        RenderedChart chart = RenderedChart.render("existing-secret-values.yaml");

        assertThat(Tree.list(chart.container(), "volumeMounts")).contains(Map.of("name", "evidence-keys",
                "mountPath", "/etc/rehearsal-evidence", "readOnly", true));
        assertThat(Tree.list(chart.one("Deployment"), "spec", "template", "spec", "volumes")).contains(Map.of(
                "name", "evidence-keys", "secret", Map.of("secretName", "rehearsal-evidence", "defaultMode", 288,
                        "items", List.of(Map.of("key", "signing.pem", "path", "signing.pem"),
                                Map.of("key", "rehearsal-2025.pub.pem", "path", "retired-rehearsal-2025.pem")))));
        assertThat(chart.applicationYaml()).contains("evidence:", "key-id: rehearsal-2026",
                "signing-key: /etc/rehearsal-evidence/signing.pem",
                "rehearsal-2025: /etc/rehearsal-evidence/retired-rehearsal-2025.pem");

        RenderedChart unsigned = RenderedChart.render("default-values.yaml");
        assertThat(Tree.list(unsigned.container(), "volumeMounts").toString()).doesNotContain("evidence-keys");
        assertThat(unsigned.applicationYaml()).doesNotContain("signing-key");
        assertThatThrownBy(() -> RenderedChart.render(List.of("default-values.yaml"),
                Map.of("evidence.existingSecret", "rehearsal-evidence")))
                .hasMessageContaining("evidence.keyId: set the id envelopes name the signing key by");
    }

    @Test
    void withoutAnExistingSecretTheChartCreatesOneAndRollsPodsWhenItChanges() {
        RenderedChart chart = RenderedChart.render("default-values.yaml");
        Map<String, Object> secret = chart.one("Secret");

        assertThat(decode(secret, "database-password")).isEqualTo("change-me");
        assertThat(decode(secret, "api-token-ci-bot"))
                .isEqualTo("94d21407fd989c0dfc28bdf2d366c889caafe4b388a247be59dd8b447e9c0d97");
        assertThat(env(chart, "SPRING_DATASOURCE_PASSWORD")).isEqualTo(Map.of("secretKeyRef",
                Map.of("name", Tree.at(secret, "metadata", "name"), "key", "database-password")));
        assertThat(env(chart, "REHEARSAL_API_TOKEN_SHA256_0")).isEqualTo(Map.of("secretKeyRef",
                Map.of("name", Tree.at(secret, "metadata", "name"), "key", "api-token-ci-bot")));
        assertThat(chart.applicationYaml()).doesNotContain("change-me", "94d21407fd98");
        String before = Tree.string(chart.one("Deployment"), "spec", "template", "metadata", "annotations", "checksum/secret");
        String after = Tree.string(RenderedChart.render(List.of("default-values.yaml"),
                        Map.of("secrets.databasePassword", "rotated")).one("Deployment"),
                "spec", "template", "metadata", "annotations", "checksum/secret");
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void anApiTokenWithoutItsHashIsRefusedWhenTheChartCreatesTheSecret() {
        assertThatThrownBy(() -> RenderedChart.render(List.of("default-values.yaml"),
                Map.of("apiTokens.grafana.role", "viewer")))
                .hasMessageContaining("secrets.apiTokenHashes.grafana: set the SHA-256 of API token 'grafana'");
    }

    @Test
    void theServiceMonitorSendsABearerTokenWhenMetricsAreClosed() {
        Map<String, Object> endpoint = Tree.map(RenderedChart.render("existing-secret-values.yaml").one("ServiceMonitor"),
                "spec", "endpoints", 0);

        assertThat(Tree.map(endpoint, "authorization")).isEqualTo(Map.of("type", "Bearer",
                "credentials", Map.of("name", "rehearsal-scrape", "key", "token")));
    }

    private static String decode(Map<String, Object> secret, String key) {
        return new String(Base64.getDecoder().decode(Tree.string(secret, "data", key)), StandardCharsets.UTF_8);
    }

    private static Object env(RenderedChart chart, String name) {
        return Tree.list(chart.container(), "env").stream()
                .filter(e -> name.equals(Tree.at(e, "name"))).findFirst()
                .map(e -> Tree.at(e, "valueFrom"))
                .orElseThrow(() -> new AssertionError("no environment variable " + name));
    }

    @Test
    void monitoringObjectsAreRenderedOnlyWhenEnabledAndTheApiIsServedOrDetectionIsOff() {
        // helm template knows no cluster: monitoring.coreos.com/v1 is not among its API versions.
        Map<String, Object> enabled = Map.of("monitoring.serviceMonitor.enabled", true,
                "monitoring.prometheusRule.enabled", true);
        RenderedChart defaults = RenderedChart.render("default-values.yaml");
        RenderedChart enabledWithoutApi = RenderedChart.render(List.of("default-values.yaml"), enabled);
        RenderedChart detectionOff = RenderedChart.render("monitoring-values.yaml");
        RenderedChart detectionOffButDisabled = RenderedChart.render(List.of("monitoring-values.yaml"),
                Map.of("monitoring.serviceMonitor.enabled", false, "monitoring.prometheusRule.enabled", false));

        for (RenderedChart none : List.of(defaults, enabledWithoutApi, detectionOffButDisabled)) {
            assertThat(none.all("ServiceMonitor")).isEmpty();
            assertThat(none.all("PrometheusRule")).isEmpty();
        }
        assertThat(detectionOff.all("ServiceMonitor")).hasSize(1);
        assertThat(detectionOff.all("PrometheusRule")).hasSize(1);
    }

    @Test
    void theServiceMonitorScrapesThePrometheusEndpointOfTheService() {
        RenderedChart chart = RenderedChart.render("monitoring-values.yaml");
        Map<String, Object> monitor = chart.one("ServiceMonitor");

        assertThat(Tree.map(chart.one("Service"), "metadata", "labels"))
                .containsAllEntriesOf(Tree.map(monitor, "spec", "selector", "matchLabels"));
        assertThat(Tree.at(monitor, "metadata", "labels", "release")).isEqualTo("kube-prometheus-stack");
        Map<String, Object> endpoint = Tree.map(monitor, "spec", "endpoints", 0);
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
        assertThat(Tree.list(chart.one("Service"), "spec", "ports")).anySatisfy(p -> assertThat(Tree.at(p, "name")).isEqualTo("http"));
        assertThat(Tree.list(endpoint, "relabelings")).contains(Map.of("action", "replace", "targetLabel", "job",
                "replacement", RenderedChart.RELEASE));
    }

    @Test
    void aDisruptionBudgetKeepsAPodAndTheNetworkPolicyAdmitsOnlyTheListedPeers() {
        RenderedChart defaults = RenderedChart.render("default-values.yaml");
        RenderedChart three = RenderedChart.render("existing-secret-values.yaml");

        assertThat(Tree.at(defaults.one("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
        assertThat(RenderedChart.render(List.of("default-values.yaml"), Map.of("replicaCount", 1)).all("PodDisruptionBudget"))
                .as("a single replica gets no budget that would block node drains").isEmpty();
        assertThat(defaults.all("NetworkPolicy")).isEmpty();
        assertThat(Tree.at(three.one("Deployment"), "spec", "replicas")).isEqualTo(3);
        Map<String, Object> pdb = three.one("PodDisruptionBudget");
        assertThat(Tree.map(pdb, "spec")).containsEntry("maxUnavailable", 1).doesNotContainKey("minAvailable");
        assertThat(Tree.map(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(Tree.map(three.one("Deployment"), "spec", "selector", "matchLabels"));
        Map<String, Object> policy = three.one("NetworkPolicy");
        assertThat(Tree.list(policy, "spec", "policyTypes")).containsExactly("Ingress");
        assertThat(Tree.list(policy, "spec", "ingress", 0, "from")).containsExactly(
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring"))));
    }

    @Test
    void theGrafanaDashboardConfigMapCarriesTheDashboardFileForTheSidecar() throws Exception {
        RenderedChart chart = RenderedChart.render("monitoring-values.yaml");
        Map<String, Object> dashboard = chart.configMap(RenderedChart.RELEASE + "-dashboard");

        assertThat(Tree.map(dashboard, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        assertThat(Tree.at(dashboard, "metadata", "annotations", "grafana_folder")).isEqualTo("Backups");
        // JSON is YAML: both parse to the same tree if the ConfigMap carries the file unchanged.
        Yaml yaml = new Yaml();
        Object file = yaml.load(Files.readString(RenderedChart.CHART.resolve("dashboards/rehearsal.json")));
        assertThat((Object) yaml.load(Tree.string(dashboard, "data", "rehearsal.json"))).isEqualTo(file);
        assertThat(Tree.list(file, "panels")).hasSizeGreaterThan(5);
        assertThat(RenderedChart.render("default-values.yaml").all("ConfigMap")).hasSize(1);
    }

    /** An engine's part of the sandbox is a section named by its kind, which the chart passes on for the engine to check. */
    @Test
    void anotherEnginesSandboxSectionPassesTheSchemaToTheDaemon() {
        RenderedChart chart = RenderedChart.render(List.of("default-values.yaml"),
                Map.of("rehearsal.sandbox.testengine.directory", "/data/sandbox"));

        assertThat(chart.applicationYaml()).contains("testengine:", "directory: /data/sandbox");
    }

    /** Where the broker's password comes from, by which Secrets the values name; never the ConfigMap. */
    static Stream<Arguments> theBrokersPasswordComesFromASecret() {
        Map<String, Object> cluster = Map.of("cluster.enabled", true, "cluster.broker.host", "rabbitmq");
        return Stream.of(
                Arguments.of("the broker's own Secret", "cluster-values.yaml", Map.of(), "rabbitmq", "rabbitmq-password"),
                Arguments.of("the chart's existing Secret", "default-values.yaml",
                        merged(cluster, Map.of("secrets.existingSecret", "rehearsal-credentials")),
                        "rehearsal-credentials", "broker-password"),
                Arguments.of("the Secret the chart creates", "default-values.yaml",
                        merged(cluster, Map.of("cluster.broker.password", "broker-secret-of-the-test")),
                        RenderedChart.RELEASE, "broker-password"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void theBrokersPasswordComesFromASecret(String name, String file, Map<String, Object> sets, String secret, String key) {
        RenderedChart chart = RenderedChart.render(List.of(file), sets);

        assertThat(env(chart, "SPRING_RABBITMQ_PASSWORD"))
                .isEqualTo(Map.of("secretKeyRef", Map.of("name", secret, "key", key)));
        assertThat(chart.applicationYaml()).contains("rabbitmq:").doesNotContain("password: ", "broker-secret-of-the-test");
        chart.find("Secret").ifPresent(created -> {
            assertThat(Tree.at(created, "metadata", "name")).isEqualTo(secret);
            assertThat(decode(created, key)).isEqualTo("broker-secret-of-the-test");
        });
    }

    @Test
    void clusterModeRendersItsSettingsAndTheBrokerIntoTheDaemonsConfiguration() {
        RenderedChart chart = RenderedChart.render("cluster-values.yaml");
        Map<String, Object> config = new Yaml().load(chart.applicationYaml());

        assertThat(Tree.map(config, "rehearsal", "cluster")).isEqualTo(Map.of(
                "enabled", true,
                "worker-concurrency", 4,
                "heartbeat", "10s",
                "dead-after", "45s",
                "restarts", 3,
                "queue", "rehearsal.prod.partitions"));
        assertThat(Tree.map(config, "spring", "rabbitmq")).isEqualTo(Map.of(
                "host", "rabbitmq.messaging.svc",
                "port", 5672,
                "username", "rehearsal_worker",
                "virtual-host", "rehearsal"));
        assertThat(Tree.at(chart.one("Deployment"), "spec", "replicas")).isEqualTo(3);
        assertThat(chart.all("Secret")).as("both Secrets exist beside the chart").isEmpty();
    }

    @Test
    void nothingOfClusterModeIsRenderedWhileItIsOff() {
        // Every cluster setting given, broker password included, but cluster mode left off.
        RenderedChart off = RenderedChart.render(List.of("default-values.yaml"), Map.of(
                "cluster.broker.host", "rabbitmq", "cluster.broker.password", "broker-secret-of-the-test",
                "cluster.workerConcurrency", 8));
        RenderedChart clusterFileSwitchedOff = RenderedChart.render(List.of("cluster-values.yaml"),
                Map.of("cluster.enabled", false));

        for (RenderedChart chart : List.of(RenderedChart.render(), off, clusterFileSwitchedOff)) {
            assertThat(chart.applicationYaml()).doesNotContain("cluster", "rabbitmq", "partitions");
            assertThat(Tree.list(chart.container(), "env")).noneSatisfy(e ->
                    assertThat(Tree.string(e, "name")).startsWith("SPRING_RABBITMQ_"));
        }
        assertThat(Tree.map(off.one("Secret"), "data")).containsOnlyKeys("database-password", "api-token-ci-bot");
    }

    @Test
    void aClusterOfOneReplicaIsStillAValidCluster() {
        RenderedChart one = RenderedChart.render(List.of("cluster-values.yaml"), Map.of("replicaCount", 1));

        assertThat(Tree.at(one.one("Deployment"), "spec", "replicas")).isEqualTo(1);
        assertThat(one.applicationYaml()).contains("worker-concurrency: 4");
        assertThat(env(one, "SPRING_RABBITMQ_PASSWORD")).isNotNull();
        assertThat(one.all("PodDisruptionBudget")).isEmpty();
    }

    @Test
    void theNotesSayHowManyPartitionsRunAtOnceAndThatOneReplicaIsAClusterOfOne() {
        String three = RenderedChart.notes(List.of("cluster-values.yaml"), Map.of());
        String one = RenderedChart.notes(List.of("cluster-values.yaml"), Map.of("replicaCount", 1));
        String off = RenderedChart.notes(List.of("default-values.yaml"), Map.of());

        assertThat(three).contains("rabbitmq.messaging.svc:5672", "3 replica(s) x 4 (cluster.workerConcurrency) = 12 partitions at once")
                .doesNotContain("cluster of one", "no broker password");
        assertThat(one).contains("1 replica(s) x 4 (cluster.workerConcurrency) = 4 partitions at once", "cluster of one");
        assertThat(off).doesNotContain("Cluster mode", "partitions");
        assertThat(RenderedChart.notes(List.of("default-values.yaml"), Map.of("cluster.enabled", true,
                "cluster.broker.host", "rabbitmq"))).contains("WARNING: no broker password is set");
    }

    @Test
    void singleSignOnWithoutItsIssuerOrItsSecretIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render(List.of("default-values.yaml"), Map.of("sso.enabled", true,
                "sso.clientId", "rehearsal-dashboard", "secrets.extraData.oidc-client-secret", "s3cret")))
                .hasMessageContaining("sso.issuerUri: set the OpenID provider's issuer");
        assertThatThrownBy(() -> RenderedChart.render(List.of("default-values.yaml"), Map.of("sso.enabled", true,
                "sso.clientId", "rehearsal-dashboard", "sso.issuerUri", "https://login.example.com")))
                .hasMessageContaining("sso.clientSecret.key: the chart's Secret has no key 'oidc-client-secret'");
    }

    @Test
    void clusterModeWithoutABrokerHostIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render(List.of("default-values.yaml"), Map.of("cluster.enabled", true)))
                .hasMessageContaining("cluster.broker.host: set the RabbitMQ broker's host");
    }

    private static Map<String, Object> merged(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    static Stream<Arguments> valuesTheSchemaRejects() {
        return Stream.of(
                Arguments.of("unknown store type", "rehearsal.stores.backups.type", "tape", "type"),
                Arguments.of("RTO in words", "rehearsal.policies.nightly.rto", "thirty minutes", "rto"),
                Arguments.of("misspelt top-level key", "replicas", 3, "replicas"),
                Arguments.of("unknown pull policy", "image.pullPolicy", "Sometimes", "pullPolicy"),
                Arguments.of("misspelt policy key", "rehearsal.policies.nightly.backup_cron", "0 0 1 * * *", "backup_cron"),
                Arguments.of("recovery credentials of an unknown type", "rehearsal.sources.prod.recovery-credentials.type",
                        "instance", "recovery-credentials"),
                Arguments.of("misspelt sandbox key", "rehearsal.sandbox.regoin", "eu-west-1", "regoin"),
                Arguments.of("runbook base without scheme", "monitoring.prometheusRule.runbookBaseUrl", "wiki/runbooks",
                        "runbookBaseUrl"),
                Arguments.of("a cluster whose replicas run no partition", "cluster.workerConcurrency", 0,
                        "workerConcurrency"),
                Arguments.of("negative restarts", "cluster.restarts", -1, "restarts"),
                Arguments.of("heartbeat in words", "cluster.heartbeat", "five seconds", "heartbeat"),
                Arguments.of("broker port out of range", "cluster.broker.port", 70000, "port"),
                Arguments.of("misspelt cluster key", "cluster.workers", 4, "workers"),
                Arguments.of("cluster settings under rehearsal", "rehearsal.cluster.enabled", true, "cluster"),
                Arguments.of("single sign-on issuer without scheme", "sso.issuerUri", "login.example.com", "issuerUri"),
                Arguments.of("single sign-on without the openid scope", "sso.scopes[0]", "profile", "scopes"),
                Arguments.of("misspelt single sign-on key", "sso.clientID", "rehearsal", "clientID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void valuesTheSchemaRejects(String name, String key, Object value, String named) {
        assertThatThrownBy(() -> RenderedChart.render(List.of("default-values.yaml"), Map.of(key, value)))
                .hasMessageContaining("schema")
                .hasMessageContaining(named);
    }
}
