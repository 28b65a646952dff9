/**
 * The {@code search} and {@code export} command lines: flags read and checked, then the archive
 * planned and read, and its events printed or exported.
 */
package dev.kubeaudit.search.cli;
