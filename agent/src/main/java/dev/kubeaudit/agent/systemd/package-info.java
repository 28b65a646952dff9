/** Speaks systemd's sd_notify protocol: readiness, status, watchdog pings and stopping, over NOTIFY_SOCKET. */
package dev.kubeaudit.agent.systemd;
