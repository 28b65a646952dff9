/** The {@code search} command line: flags read and checked, then the archive planned, read and printed. */
package dev.kubeaudit.search.cli;
