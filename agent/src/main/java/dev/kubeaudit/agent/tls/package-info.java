/** TLS material and client authentication of the webhook: PEM loading, reloading when the files change, and the decision on each request's credentials. */
package dev.kubeaudit.agent.tls;
