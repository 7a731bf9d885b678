package dev.rehearsal.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart in {@code helm/rehearsal} rendered by Helm itself ({@code helm template}), parsed into one
 * map per Kubernetes object.
 */
final class RenderedChart {

    static final Path CHART = Path.of("rehearsal").toAbsolutePath();
    static final Path CI_VALUES = CHART.resolve("ci");
    static final String RELEASE = "rehearsal";
    static final String NAMESPACE = "backups";
    /** The cluster version helm template assumes; its own default (1.20) is older than the chart allows. */
    static final String KUBE_VERSION = "v1.31.0";

    private final List<Map<String, Object>> objects;

    private RenderedChart(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    /** Renders with the given files of {@code ci/} (none: the chart's defaults) and {@code --set} pairs. */
    static RenderedChart render(List<String> ciValuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        ciValuesFiles.forEach(f -> template.withValuesFile(CI_VALUES.resolve(f)));
        sets.forEach(template::set);
        return parse(template.call());
    }

    /**
     * The NOTES.txt Helm prints after an install, from a client-only dry run ({@code helm template}
     * leaves the notes out).
     */
    static String notes(List<String> ciValuesFiles, Map<String, Object> sets) {
        InstallCommand install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).clientOnly().dryRun();
        ciValuesFiles.forEach(f -> install.withValuesFile(CI_VALUES.resolve(f)));
        sets.forEach(install::set);
        return install.call().getOutput();
    }

    static RenderedChart render(String... ciValuesFiles) {
        return render(List.of(ciValuesFiles), Map.of());
    }

    @SuppressWarnings("unchecked")
    static RenderedChart parse(String manifests) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(manifests)) {
            if (doc != null) {
                objects.add((Map<String, Object>) doc);
            }
        }
        return new RenderedChart(objects);
    }

    List<Map<String, Object>> objects() {
        return objects;
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() > 1) {
            throw new AssertionError("expected at most one " + kind + ", rendered " + found.size());
        }
        return found.stream().findFirst();
    }

    Map<String, Object> one(String kind) {
        return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: "
                + objects.stream().map(o -> o.get("kind")).toList()));
    }

    Map<String, Object> configMap(String name) {
        return all("ConfigMap").stream().filter(c -> name.equals(Tree.at(c, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap named " + name));
    }

    /** The daemon's application.yaml, as the chart renders it into its ConfigMap. */
    String applicationYaml() {
        return Tree.string(configMap(RELEASE), "data", "application.yaml");
    }

    /**
     * The environment the daemon's container would get: plain values as they are, and Secret
     * references looked up in the Secret the chart rendered or, for an existing Secret, in
     * {@code existingSecret} (what that Secret is assumed to hold).
     */
    Map<String, String> environment(Map<String, String> existingSecret) {
        Map<String, String> secret = new java.util.HashMap<>(existingSecret);
        find("Secret").ifPresent(s -> Tree.map(s, "data").forEach((key, value) -> secret.put(key,
                new String(java.util.Base64.getDecoder().decode((String) value), java.nio.charset.StandardCharsets.UTF_8))));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Object e : Tree.list(container(), "env")) {
            String name = Tree.string(e, "name");
            if (Tree.at(e, "value") != null) {
                env.put(name, Tree.string(e, "value"));
            } else {
                Map<String, Object> ref = Tree.map(e, "valueFrom", "secretKeyRef");
                String value = secret.get(Tree.string(ref, "key"));
                if (value == null && !Boolean.TRUE.equals(ref.get("optional"))) {
                    throw new AssertionError(name + " refers to key " + ref.get("key") + " of Secret " + ref.get("name")
                            + ", which does not hold it");
                }
                if (value != null) {
                    env.put(name, value);
                }
            }
        }
        return env;
    }

    /** The daemon's container in the Deployment. */
    Map<String, Object> container() {
        return Tree.map(one("Deployment"), "spec", "template", "spec", "containers", 0);
    }
}
