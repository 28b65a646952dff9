/** How a search prints what it found: events as tail prints them or as their JSON lines, rows as tab-separated text. */
package dev.kubeaudit.search.output;
