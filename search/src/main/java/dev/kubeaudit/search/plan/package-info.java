/** Which segments a search reads: keys parsed, kept by cluster, node and time before any segment is opened. */
package dev.kubeaudit.search.plan;
