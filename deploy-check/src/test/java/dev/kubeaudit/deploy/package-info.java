/** Checks of what deploys the agent: deploy/kubernetes/ and the webhook kubeconfig samples, against the agent's configuration. */
package dev.kubeaudit.deploy;
