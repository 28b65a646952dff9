/** Makes file changes survive power loss: fsync of files and directories and atomic replacement of whole files, in one place. */
package dev.kubeaudit.agent.durable;
