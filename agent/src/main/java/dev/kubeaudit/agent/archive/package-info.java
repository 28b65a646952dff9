/**
 * Reading an archive back (a folder, or an S3 bucket through a provider): its objects, their bytes,
 * and where the store keeps them, their versions and Object Lock state.
 */
package dev.kubeaudit.agent.archive;
