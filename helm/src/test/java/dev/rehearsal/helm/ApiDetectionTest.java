package dev.rehearsal.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ServiceMonitor and the PrometheusRule against clusters with and without the Prometheus
 * Operator's API. helm-java's template command takes no {@code --api-versions}, so these run
 * {@code helm install --dry-run} against a fake API server on the loopback interface: Helm discovers
 * the served API versions there, renders, and looks up every rendered object to find conflicts,
 * which tells which objects it rendered. Nothing is installed.
 */
class ApiDetectionTest {

    private static final Map<String, Map<String, String>> OPERATOR_API = Map.of("monitoring.coreos.com/v1",
            Map.of("servicemonitors", "ServiceMonitor", "prometheusrules", "PrometheusRule"));
    private static final String SERVICE_MONITOR = "GET /apis/monitoring.coreos.com/v1/namespaces/backups/servicemonitors/rehearsal";
    private static final String PROMETHEUS_RULE = "GET /apis/monitoring.coreos.com/v1/namespaces/backups/prometheusrules/rehearsal";
    private static final String DEPLOYMENT = "GET /apis/apps/v1/namespaces/backups/deployments/rehearsal";

    @Test
    void whereTheOperatorsApiIsServedEnabledMonitoringObjectsAreRendered() throws Exception {
        try (FakeKubernetesApi cluster = new FakeKubernetesApi(OPERATOR_API)) {
            Release release = dryRun(cluster, true, Map.of()).call();

            assertThat(cluster.requests()).contains(DEPLOYMENT, SERVICE_MONITOR, PROMETHEUS_RULE);
            assertThat(release.getOutput()).doesNotContain("were not rendered");
        }
    }

    @Test
    void whereTheOperatorsApiIsServedDisabledMonitoringObjectsAreNot() throws Exception {
        try (FakeKubernetesApi cluster = new FakeKubernetesApi(OPERATOR_API)) {
            dryRun(cluster, false, Map.of()).call();

            assertThat(cluster.requests()).contains(DEPLOYMENT).doesNotContain(SERVICE_MONITOR, PROMETHEUS_RULE);
        }
    }

    @Test
    void whereTheApiIsMissingTheReleaseInstallsWithoutThemAndTheNotesSaySo() throws Exception {
        try (FakeKubernetesApi cluster = new FakeKubernetesApi(Map.of())) {
            Release release = dryRun(cluster, true, Map.of()).call();

            assertThat(cluster.requests()).contains(DEPLOYMENT).doesNotContain(SERVICE_MONITOR, PROMETHEUS_RULE);
            assertThat(release.getOutput()).contains("the ServiceMonitor and PrometheusRule were not rendered");
        }
    }

    @Test
    void withoutDetectionAClusterWithoutTheApiRefusesTheRelease() throws Exception {
        // What the detection is for.
        try (FakeKubernetesApi cluster = new FakeKubernetesApi(Map.of())) {
            InstallCommand install = dryRun(cluster, true, Map.of("monitoring.detectApi", false));

            assertThatThrownBy(install::call).hasMessageContaining("no matches for kind").hasMessageContaining("ServiceMonitor");
        }
    }

    private static InstallCommand dryRun(FakeKubernetesApi cluster, boolean monitoring, Map<String, Object> sets) {
        InstallCommand install = new Helm(RenderedChart.CHART).install().withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE)
                .withValuesFile(RenderedChart.CI_VALUES.resolve("default-values.yaml"))
                .set("monitoring.serviceMonitor.enabled", monitoring)
                .set("monitoring.prometheusRule.enabled", monitoring)
                .dryRun().withDryRunOption(DryRun.CLIENT).disableOpenApiValidation()
                .withKubeConfigContents(cluster.kubeconfig());
        sets.forEach(install::set);
        return install;
    }
}
