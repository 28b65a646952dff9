/**
 * Where a Parquet export goes: a folder or an S3 prefix apart from the archive it reads, a new run
 * folder each time, written locally first and then published without replacing anything.
 */
package dev.kubeaudit.search.export;
