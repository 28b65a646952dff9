/** Test helpers: event lines, archives written directly in a folder, the command line run with captured output. */
package dev.kubeaudit.search.testing;
