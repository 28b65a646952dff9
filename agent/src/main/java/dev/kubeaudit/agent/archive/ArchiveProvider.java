package dev.kubeaudit.agent.archive;

import java.io.IOException;

/**
 * Opens archives in an object store. Registered through
 * {@code META-INF/services/dev.kubeaudit.agent.archive.ArchiveProvider} by the shipper module
 * ({@code s3://}), so that this module needs no store SDK; found by {@link Archives#open}.
 */
public interface ArchiveProvider {

    /** True when {@code location} is in this provider's form, e.g. {@code s3://bucket/prefix}. */
    boolean handles(String location);

    /** The archive at {@code location}, which {@link #handles} accepted. */
    Archive open(String location, ArchiveOptions options) throws IOException;
}
