/** Writes the bash completion scripts the packages install, from the command lines of the jars they ship. */
package dev.kubeaudit.dist.completion;
