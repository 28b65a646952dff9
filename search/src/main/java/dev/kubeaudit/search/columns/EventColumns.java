package dev.kubeaudit.search.columns;

import static dev.kubeaudit.search.columns.ColumnType.Scalar.INT;
import static dev.kubeaudit.search.columns.ColumnType.Scalar.JSON;
import static dev.kubeaudit.search.columns.ColumnType.Scalar.STRING;
import static dev.kubeaudit.search.columns.ColumnType.Scalar.TIMESTAMP;

import dev.kubeaudit.search.columns.ColumnType.Field;
import dev.kubeaudit.search.columns.ColumnType.ListOf;
import dev.kubeaudit.search.columns.ColumnType.MapOf;
import dev.kubeaudit.search.columns.ColumnType.Struct;
import java.util.List;

/**
 * The one list of event columns: the {@code events} view of {@code search --sql}, the Parquet
 * export and every table definition in {@code docs/archive-sql/} are generated from it, in this
 * order. The fields of audit.k8s.io/v1 Event (k8s.io/apiserver {@code pkg/apis/audit/v1/types.go});
 * a key an event lacks is NULL, a key not listed here is left out. Beside them every engine adds the
 * {@link #PARTITIONS} and the segment's key.
 */
public final class EventColumns {
    /** Columns that come from where the segment is stored, not from the event: in this order. */
    public static final List<String> PARTITIONS = List.of("cluster", "dt");

    private static final Struct USER = new Struct(List.of(
            new Field("username", STRING),
            new Field("uid", STRING),
            new Field("groups", new ListOf(STRING)),
            new Field("extra", new MapOf(new ListOf(STRING)))));

    public static final List<EventColumn> ALL = List.of(
            new EventColumn("level", STRING, "Metadata, Request or RequestResponse"),
            new EventColumn("auditID", STRING, "unique per request; shared by the stages of one request"),
            new EventColumn("stage", STRING, "RequestReceived, ResponseStarted, ResponseComplete or Panic"),
            new EventColumn("requestURI", STRING, "the URI the client sent"),
            new EventColumn("verb", STRING, "get, list, watch, create, update, patch, delete, deletecollection;"
                    + " the HTTP method in lower case for non-resource requests"),
            new EventColumn("user", USER, "the authenticated user"),
            new EventColumn("impersonatedUser", USER, "the user impersonated, if any"),
            new EventColumn("sourceIPs", new ListOf(STRING), "client and intermediate proxy addresses"),
            new EventColumn("userAgent", STRING, "the client's User-Agent"),
            new EventColumn("objectRef", new Struct(List.of(
                    new Field("resource", STRING),
                    new Field("namespace", STRING),
                    new Field("name", STRING),
                    new Field("uid", STRING),
                    new Field("apiGroup", STRING),
                    new Field("apiVersion", STRING),
                    new Field("resourceVersion", STRING),
                    new Field("subresource", STRING))), "the object the request is about"),
            new EventColumn("responseStatus", new Struct(List.of(
                    new Field("status", STRING),
                    new Field("message", STRING),
                    new Field("reason", STRING),
                    new Field("code", INT))), "the response's status; code is the HTTP status"),
            new EventColumn("requestObject", JSON, "the request body (level Request and above)"),
            new EventColumn("responseObject", JSON, "the response body (level RequestResponse)"),
            new EventColumn("requestReceivedTimestamp", TIMESTAMP, "when the request reached the apiserver"),
            new EventColumn("stageTimestamp", TIMESTAMP, "when this stage was reached; --since/--until compare it"),
            new EventColumn("annotations", new MapOf(STRING), "annotations set by admission and authorization"));

    private EventColumns() {
    }
}
