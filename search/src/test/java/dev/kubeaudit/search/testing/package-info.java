/**
 * Test helpers: event lines, archives written directly in a folder, the command line run with captured output,
 * a relay counting the requests sent to an S3 server.
 */
package dev.kubeaudit.search.testing;
