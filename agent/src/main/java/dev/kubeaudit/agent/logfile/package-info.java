/** Writes audit.log and rotates, compresses and retires its backups as kube-apiserver's log backend (lumberjack v2) does. */
package dev.kubeaudit.agent.logfile;
