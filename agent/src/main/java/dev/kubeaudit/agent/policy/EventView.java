package dev.kubeaudit.agent.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over an audit event's JSON bytes: the {@link RequestAttributes} a policy looks at, the
 * event's stage and level, and the byte ranges an edit may cut or rewrite: the {@code level} value,
 * the {@code requestObject} and {@code responseObject} fields, and the {@code metadata.managedFields}
 * fields inside those bodies (of the object, of each list item, of each table row's object).
 * Ranges are {@code [start, end)}; a field's range runs from its key's opening quote to the end of
 * its value. A create without a subresource has no name in its URL, so its name is {@code ""} for
 * the policy, as kube-apiserver decides before the body names the object. Not thread-safe: built and
 * read within one call.
 */
final class EventView {
    private static final JsonFactory JSON = new JsonFactory();

    record Range(int start, int end) {
    }

    String stage = "";
    String levelText = "";
    Range levelValue;
    Range requestObject;
    Range responseObject;
    final List<Range> requestManagedFields = new ArrayList<>();
    final List<Range> responseManagedFields = new ArrayList<>();
    private String verb = "";
    private String requestURI = "";
    private String user = "";
    private final List<String> groups = new ArrayList<>();
    private boolean hasObjectRef;
    private String namespace = "";
    private String apiGroup = "";
    private String resource = "";
    private String subresource = "";
    private String name = "";

    private EventView() {
    }

    /** Parses one event; fails with IllegalArgumentException when it is not a JSON object. */
    static EventView of(byte[] event) {
        EventView view = new EventView();
        try (JsonParser p = JSON.createParser(event)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("audit event: not a JSON object");
            }
            view.readTop(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("audit event: invalid JSON: " + e.getMessage(), e);
        }
        return view;
    }

    RequestAttributes attributes() {
        if (!hasObjectRef) {
            int query = requestURI.indexOf('?');
            return RequestAttributes.nonResource(user, groups, verb,
                    query < 0 ? requestURI : requestURI.substring(0, query));
        }
        String policyName = verb.equals("create") && subresource.isEmpty() ? "" : name;
        return RequestAttributes.resource(user, groups, verb, namespace, apiGroup, resource, subresource, policyName);
    }

    private void readTop(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            int keyStart = offset(p);
            JsonToken value = p.nextToken();
            switch (field) {
                case "level" -> {
                    int start = offset(p);
                    levelText = text(p, value);
                    levelValue = new Range(start, end(p, value));
                }
                case "stage" -> stage = text(p, value);
                case "verb" -> verb = text(p, value);
                case "requestURI" -> requestURI = text(p, value);
                case "user" -> readUser(p, value);
                case "objectRef" -> readObjectRef(p, value);
                case "requestObject" -> requestObject = body(p, value, keyStart, requestManagedFields);
                case "responseObject" -> responseObject = body(p, value, keyStart, responseManagedFields);
                default -> p.skipChildren();
            }
        }
    }

    private void readUser(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("username")) {
                user = text(p, v);
            } else if (field.equals("groups") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    groups.add(text(p, p.currentToken()));
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void readObjectRef(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        hasObjectRef = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            String text = text(p, p.nextToken());
            switch (field) {
                case "namespace" -> namespace = text;
                case "apiGroup" -> apiGroup = text;
                case "resource" -> resource = text;
                case "subresource" -> subresource = text;
                case "name" -> name = text;
                default -> { }
            }
        }
    }

    /** A body field: its whole range, and its managedFields ranges collected into {@code fields}. */
    private static Range body(JsonParser p, JsonToken value, int keyStart, List<Range> fields) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            scanObject(p, fields, true);
        }
        return new Range(keyStart, end(p, value));
    }

    /** At START_OBJECT of a Kubernetes object, a list or a table; leaves the parser at its END_OBJECT. */
    private static void scanObject(JsonParser p, List<Range> fields, boolean outermost) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
                scanMetadata(p, fields);
            } else if (outermost && field.equals("items") && value == JsonToken.START_ARRAY) {
                for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                    if (item == JsonToken.START_OBJECT) {
                        scanObject(p, fields, false);
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (outermost && field.equals("rows") && value == JsonToken.START_ARRAY) {
                scanRows(p, fields);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void scanRows(JsonParser p, List<Range> fields) throws IOException {
        for (JsonToken row = p.nextToken(); row != JsonToken.END_ARRAY; row = p.nextToken()) {
            if (row != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean object = p.currentName().equals("object");
                if (p.nextToken() == JsonToken.START_OBJECT && object) {
                    scanObject(p, fields, false);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void scanMetadata(JsonParser p, List<Range> fields) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean managed = p.currentName().equals("managedFields");
            int keyStart = offset(p);
            JsonToken value = p.nextToken();
            int end = end(p, value);
            if (managed) {
                fields.add(new Range(keyStart, end));
            }
        }
    }

    /** Offset of the current token's first byte. */
    private static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** Reads past the current value and returns the offset just after it. */
    private static int end(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
            p.finishToken();
        }
        return (int) p.currentLocation().getByteOffset();
    }

    /** A string value's text; anything else is skipped and reads as {@code ""}, as Go leaves a mistyped field empty. */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return "";
    }
}
