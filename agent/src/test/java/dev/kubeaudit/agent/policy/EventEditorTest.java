package dev.kubeaudit.agent.policy;

import static dev.kubeaudit.agent.policy.TestEvents.event;
import static dev.kubeaudit.agent.policy.TestEvents.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Levels, stages and managedFields applied to the bytes of an event, everything else left as received. */
class EventEditorTest {
    static final String REQUEST = "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web-0\"}}";
    static final String RESPONSE = "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web-0\",\"uid\":\"u1\"}}";

    static String apply(Policy policy, String event) {
        EventEditor.Applied applied = EventEditor.apply(policy, event.getBytes(StandardCharsets.UTF_8));
        return applied.event() == null ? null : new String(applied.event(), StandardCharsets.UTF_8);
    }

    static Policy rule(String level) {
        return policy("", "  - level: " + level + "\n");
    }

    @Test
    void metadataCutsBothBodiesAndRewritesTheLevel() {
        TestEvents full = event().level("RequestResponse").verb("create").requestObject(REQUEST).responseObject(RESPONSE);
        String expected = full.json().replace("\"level\":\"RequestResponse\"", "\"level\":\"Metadata\"")
                .replace("\"requestObject\":" + REQUEST + ",", "").replace("\"responseObject\":" + RESPONSE + ",", "");
        assertThat(apply(rule("Metadata"), full.json())).isEqualTo(expected);
    }

    @Test
    void requestCutsOnlyTheResponse() {
        TestEvents full = event().level("RequestResponse").verb("create").requestObject(REQUEST).responseObject(RESPONSE);
        String expected = full.json().replace("\"level\":\"RequestResponse\"", "\"level\":\"Request\"")
                .replace("\"responseObject\":" + RESPONSE + ",", "");
        assertThat(apply(rule("Request"), full.json())).isEqualTo(expected);
    }

    @Test
    void anEventThePolicyLeavesAloneIsTheSameArray() {
        byte[] full = event().level("RequestResponse").requestObject(REQUEST).responseObject(RESPONSE).bytes();
        assertThat(EventEditor.apply(rule("RequestResponse"), full).event()).isSameAs(full);
    }

    @ParameterizedTest
    @CsvSource({"Request, RequestResponse", "Metadata, Request", "Metadata, RequestResponse"})
    void theAgentNeverAddsWhatTheApiserverDidNotSend(String received, String ruleLevel) {
        TestEvents e = event().level(received);
        if (!received.equals("Metadata")) {
            e.requestObject(REQUEST);
        }
        byte[] bytes = e.bytes();
        EventEditor.Applied applied = EventEditor.apply(rule(ruleLevel), bytes);
        assertThat(applied.event()).isSameAs(bytes);
        assertThat(applied.level().wireName()).isEqualTo(received);
    }

    @Test
    void noneDropsAndSoDoesNoMatchingRule() {
        Policy policy = policy("", "  - level: None\n    users: [bob]\n  - level: Metadata\n    users: [alice]\n");
        assertThat(EventEditor.apply(policy, event().user("bob").bytes()).drop()).isEqualTo(EventEditor.Drop.LEVEL_NONE);
        assertThat(EventEditor.apply(policy, event().user("carol").bytes()).drop())
                .isEqualTo(EventEditor.Drop.LEVEL_NONE);
        assertThat(EventEditor.apply(policy, event().user("alice").bytes()).drop()).isNull();
    }

    @Test
    void theFirstMatchingRuleDecides() {
        Policy policy = policy("", "  - level: None\n    namespaces: [kube-system]\n"
                + "  - level: Metadata\n    resources: [{group: \"\", resources: [pods]}]\n");
        assertThat(EventEditor.apply(policy, event().resource("kube-system", "", "pods", "", "dns").bytes()).drop())
                .isEqualTo(EventEditor.Drop.LEVEL_NONE);
        assertThat(EventEditor.apply(policy, event().resource("default", "", "pods", "", "web").bytes()).level())
                .isEqualTo(Level.METADATA);
    }

    @ParameterizedTest
    @CsvSource({"RequestReceived, true", "ResponseStarted, true", "ResponseComplete, false", "Panic, false"})
    void omitStagesOfThePolicyAndOfTheRuleBothApply(String stage, boolean dropped) {
        Policy policy = policy("omitStages: [RequestReceived]\n",
                "  - level: Metadata\n    omitStages: [ResponseStarted]\n");
        EventEditor.Applied applied = EventEditor.apply(policy, event().stage(stage).bytes());
        assertThat(applied.drop()).isEqualTo(dropped ? EventEditor.Drop.STAGE : null);
    }

    static final String MANAGED = "\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Update\"}]";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // metadata of the object: managedFields last, first, alone
        "{\"metadata\":{\"name\":\"a\",MF},\"spec\":{}}|{\"metadata\":{\"name\":\"a\"},\"spec\":{}}",
        "{\"metadata\":{MF,\"name\":\"a\"}}|{\"metadata\":{\"name\":\"a\"}}",
        "{\"metadata\":{MF}}|{\"metadata\":{}}",
        // each item of a list, each row of a table
        "{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"a\",MF}},{\"metadata\":{MF,\"name\":\"b\"}}]}"
                + "|{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"a\"}},{\"metadata\":{\"name\":\"b\"}}]}",
        "{\"kind\":\"Table\",\"rows\":[{\"cells\":[1],\"object\":{\"metadata\":{\"name\":\"a\",MF}}}]}"
                + "|{\"kind\":\"Table\",\"rows\":[{\"cells\":[1],\"object\":{\"metadata\":{\"name\":\"a\"}}}]}",
        // a spec field of that name is not metadata
        "{\"spec\":{MF}}|{\"spec\":{MF}}"})
    void omitManagedFieldsCutsThemFromBothBodies(String body, String expected) {
        String in = body.replace("MF", MANAGED);
        String out = expected.replace("MF", MANAGED);
        TestEvents e = event().level("RequestResponse").verb("update").requestObject(in).responseObject(in);
        String result = apply(policy("omitManagedFields: true\n", "  - level: RequestResponse\n"), e.json());
        assertThat(result).isEqualTo(e.json().replace(in, out));
    }

    @Test
    void aRuleOmitManagedFieldsOverridesThePolicys() {
        String body = "{\"metadata\":{\"name\":\"a\"," + MANAGED + "}}";
        String e = event().level("Request").verb("create").requestObject(body).json();
        Policy keep = policy("omitManagedFields: true\n", "  - level: Request\n    omitManagedFields: false\n");
        Policy cut = policy("omitManagedFields: false\n", "  - level: Request\n    omitManagedFields: true\n");
        assertThat(apply(keep, e)).isEqualTo(e);
        assertThat(apply(cut, e)).isEqualTo(e.replace("," + MANAGED, ""));
    }

    @Test
    void everythingElseStaysByteForByteEvenInAPrettyPrintedEvent() {
        String pretty = "{\n  \"level\": \"RequestResponse\",\n  \"requestObject\": {\"a\": 1.50},\n"
                + "  \"stage\": \"ResponseComplete\",\n  \"requestURI\": \"/api/v1/pods?limit=5\\u0026watch=1\",\n"
                + "  \"verb\": \"list\",\n  \"objectRef\": {\"resource\": \"pods\"},\n  \"responseObject\": {\"b\": 2}\n}";
        String expected = "{\n  \"level\": \"Metadata\",\n"
                + "  \"stage\": \"ResponseComplete\",\n  \"requestURI\": \"/api/v1/pods?limit=5\\u0026watch=1\",\n"
                + "  \"verb\": \"list\",\n  \"objectRef\": {\"resource\": \"pods\"}\n}";
        assertThat(apply(rule("Metadata"), pretty)).isEqualTo(expected);
    }

    @Test
    void adjacentCutFieldsLeaveValidJson() {
        String e = "{\"requestObject\":{},\"responseObject\":[],\"level\":\"RequestResponse\",\"stage\":\"Panic\"}";
        assertThat(apply(rule("Metadata"), e)).isEqualTo("{\"level\":\"Metadata\",\"stage\":\"Panic\"}");
        String last = "{\"level\":\"RequestResponse\",\"stage\":\"Panic\",\"requestObject\":{},\"responseObject\":null}";
        assertThat(apply(rule("Metadata"), last)).isEqualTo("{\"level\":\"Metadata\",\"stage\":\"Panic\"}");
    }
}
