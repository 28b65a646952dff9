package dev.kubeaudit.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubeaudit.search.output.TabRows;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --resource and --code values, the filter condition and its parameters, and table text. */
class SpecsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        "secrets,                                secrets,     -,                         -",
        "pods/exec,                              pods,        -,                         exec",
        "deployments.apps,                       deployments, apps,                      -",
        "deployments.apps/scale,                 deployments, apps,                      scale",
        "roles.rbac.authorization.k8s.io,        roles,       rbac.authorization.k8s.io, -",
    })
    void resources(String text, String resource, String group, String sub) {
        assertThat(ResourceSpec.parse(text)).isEqualTo(new ResourceSpec(resource, group, sub));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "/exec", "pods/", "pods.", ".apps", "pods/exec/x"})
    void wrongResources(String text) {
        assertThatThrownBy(() -> ResourceSpec.parse(text)).hasMessage("'" + text + "' (expected: " + ResourceSpec.EXPECTED + ")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"403, 403, 403", "4xx, 400, 499", "5XX, 500, 599", "101, 101, 101"})
    void codes(String text, int min, int max) {
        assertThat(CodeSpec.parse(text)).isEqualTo(new CodeSpec(min, max));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", "40", "4000", "4x", "xx", "600", "099", "6xx", "four"})
    void wrongCodes(String text) {
        assertThatThrownBy(() -> CodeSpec.parse(text)).hasMessage("'" + text + "' (expected: " + CodeSpec.EXPECTED + ")");
    }

    @Test
    void everyValueIsAParameter() {
        EventFilters f = new EventFilters(List.of("a'b", "c;d"), List.of(), List.of("get"),
                List.of(ResourceSpec.parse("deployments.apps/scale")), List.of(), List.of(), List.of(CodeSpec.parse("4xx")),
                List.of(), List.of("10.0.0.1"), List.of());

        Where w = f.where();

        assertThat(w.sql()).doesNotContain("a'b", "c;d", "apps", "10.0.0.1", "400")
                .isEqualTo("(\"user\".\"username\" = ? OR \"user\".\"username\" = ?) AND (\"verb\" = ?)"
                        + " AND ((\"objectRef\".\"resource\" = ? AND \"objectRef\".\"apiGroup\" = ?"
                        + " AND \"objectRef\".\"subresource\" = ?)) AND (\"responseStatus\".\"code\" BETWEEN ? AND ?)"
                        + " AND (list_contains(\"sourceIPs\", ?))");
        assertThat(w.params()).containsExactly("a'b", "c;d", "get", "deployments", "apps", "scale", 400, 499, "10.0.0.1");
        assertThat(EventFilters.NONE.where()).isEqualTo(new Where("true", List.of()));
    }

    @Test
    void tableValuesStayOnOneLine() throws IOException {
        StringWriter out = new StringWriter();
        TabRows rows = new TabRows(out);

        rows.columns(List.of("a", "b"));
        rows.row(Arrays.asList("x\ty\nz\r\\", null));

        assertThat(out).hasToString("a\tb\nx\\ty\\nz\\r\\\\\tNULL\n");
    }
}
