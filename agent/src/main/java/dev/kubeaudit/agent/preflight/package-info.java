/** What check-config adds to the configuration's own rules: what start-up would fail on, checked beforehand (files, addresses, directories, the store). */
package dev.kubeaudit.agent.preflight;
