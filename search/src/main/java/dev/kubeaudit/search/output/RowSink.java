package dev.kubeaudit.search.output;

import java.io.IOException;
import java.util.List;

/** Receives a table: its column names once, then each row's values as text (null for SQL NULL). */
public interface RowSink {
    void columns(List<String> names) throws IOException;

    void row(List<String> values) throws IOException;
}
