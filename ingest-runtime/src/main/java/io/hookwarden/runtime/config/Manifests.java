package io.hookwarden.runtime.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Secret;
import io.hookwarden.api.v1alpha1.WebhookSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Secrets and WebhookSources found in a file or a directory of multi-document YAML: the same
 * files {@code kubectl apply -f} takes. Other kinds are skipped.
 */
public record Manifests(List<WebhookSource> sources, List<Secret> secrets) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public static Manifests load(Path path) {
        List<WebhookSource> sources = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        for (Path file : files(path)) {
            int index = 0;
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    index++;
                    if (doc == null || doc.isNull() || doc.isEmpty()) {
                        continue;
                    }
                    String kind = doc.path("kind").asText();
                    String apiVersion = doc.path("apiVersion").asText();
                    try {
                        if (kind.equals("Secret") && apiVersion.equals("v1")) {
                            secrets.add(YAML.treeToValue(doc, Secret.class));
                        } else if (kind.equals(WebhookSource.KIND) && apiVersion.equals(WebhookSource.API_VERSION)) {
                            sources.add(YAML.treeToValue(doc, WebhookSource.class));
                        }
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new ConfigException(file + " document " + index + " (" + kind + "): " + e.getOriginalMessage());
                    }
                }
            } catch (IOException e) {
                throw new ConfigException("cannot read " + file + ": " + e.getMessage());
            }
        }
        return new Manifests(sources, secrets);
    }

    private static List<Path> files(Path path) {
        if (!Files.exists(path)) {
            throw new ConfigException("no such file or directory: " + path);
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            // Kubernetes mounts ConfigMap keys as symlinks next to hidden ..data entries: skip dot files.
            return entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> p.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("cannot list " + path + ": " + e.getMessage());
        }
    }
}
