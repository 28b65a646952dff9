package dev.kubeaudit.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.BeanDeserializerBuilder;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one Kubernetes manifest into fabric8's typed model, refusing what the API server would
 * refuse or silently drop. fabric8's classes keep unknown fields in {@code additionalProperties}
 * (a {@code @JsonAnySetter}): here every bean loses its any-setter, so a misspelled field such as
 * {@code readinesProbe} fails with {@code FILE:LINE:COLUMN} instead of vanishing. Duplicate keys
 * and a second document fail too. Thread-safe.
 */
final class StrictKubernetesYaml {
    /** A manifest that does not map onto the model; the message names file, line, column and field. */
    static final class ManifestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final YAMLMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(new SimpleModule("no-additional-properties").setDeserializerModifier(new NoAnySetter()))
            .build();

    /** fabric8's own leniency, for the test that shows what the strict reading adds. */
    private static final YAMLMapper LENIENT = YAMLMapper.builder().build();

    private StrictKubernetesYaml() {
    }

    static <T> T read(Path file, Class<T> type) {
        return read(STRICT, file, type);
    }

    static <T> T readLeniently(Path file, Class<T> type) {
        return read(LENIENT, file, type);
    }

    private static <T> T read(YAMLMapper mapper, Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Read of " + file + " failed", e);
        }
        try {
            return mapper.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            List<JacksonException.Reference> path = e.getPath();
            String at = dotted(path.subList(0, Math.max(0, path.size() - 1)));
            throw new ManifestException(file + ":" + nameLine(text, e.getPropertyName(), e.getLocation()) + ": unknown field '"
                    + e.getPropertyName() + "'" + (at.isEmpty() ? "" : " in " + at) + " ("
                    + e.getReferringClass().getSimpleName() + " knows " + e.getKnownPropertyIds() + ")", e);
        } catch (JacksonException e) {
            throw new ManifestException(where(file, e.getLocation()) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The path of a value as written in the manifest: spec.containers[1].readinessProbe. */
    private static String dotted(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                out.append('[').append(step.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /**
     * The line of an unknown field's name. The parser reports where the field's value starts, which
     * for a nested mapping is a later line: the name is the nearest line at or above it that starts
     * with {@code name:} (after any list dash).
     */
    private static int nameLine(String text, String name, TokenStreamLocation valueAt) {
        if (valueAt == null || valueAt.getLineNr() < 1) {
            return 0;
        }
        List<String> lines = text.lines().toList();
        for (int line = Math.min(valueAt.getLineNr(), lines.size()); line >= 1; line--) {
            String content = lines.get(line - 1).strip();
            content = content.startsWith("- ") ? content.substring(2).strip() : content;
            if (content.startsWith(name + ":")) {
                return line;
            }
        }
        return valueAt.getLineNr();
    }

    private static String where(Path file, TokenStreamLocation location) {
        return location == null ? file.toString() : file + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    /** Drops every bean's any-setter and its ignore-unknown setting: unknown properties then fail. */
    private static final class NoAnySetter extends ValueDeserializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription.Supplier beanDesc,
                                                     BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            builder.setIgnoreUnknownProperties(false);
            return builder;
        }
    }
}
